#!/usr/bin/env bash
# telltale serve under load: machines posting inventories (POST /api/v1/inventories, each answered with check's
# verdicts against the current policy and kept in the store) from C concurrent connections with wrk, on SQLite and on
# PostgreSQL, in alternating rounds of one run next to a bare Kestrel endpoint that only reads the body and answers
# 200. Requests per second and p99 latency; the ratio to the bare endpoint is the cost of our own work.
#
#   bench/server-load.sh [ROUNDS] [CONNECTIONS] [SECONDS]
#
# PostgreSQL: TELLTALE_BENCH_POSTGRES (else TELLTALE_TEST_POSTGRES, else what .ci/postgres prints) is an admin
# connection string; the bench makes and drops a database of its own. Everything listens on 127.0.0.1 only.
set -euo pipefail

rounds=${1:-3}
connections=${2:-100}
seconds=${3:-10}
root=$(cd "$(dirname "$0")/.." && pwd)
artifacts=${BENCH_ARTIFACTS:-/tmp/build-server-load-bench}
dotnet build -c Release "$root/src/Telltale.Cli" --artifacts-path "$artifacts" -v quiet -nologo >/dev/null
dotnet build -c Release "$root/bench/Telltale.Bench" --artifacts-path "$artifacts" -v quiet -nologo >/dev/null
telltale_dll="$artifacts/bin/Telltale.Cli/release/telltale.dll"
bench_dll="$artifacts/bin/Telltale.Bench/release/Telltale.Bench.dll"
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk; } >/dev/null

admin_postgres=${TELLTALE_BENCH_POSTGRES:-${TELLTALE_TEST_POSTGRES:-$(bash "$root/.ci/postgres")}}
bench_database=telltale_bench_load
postgres_db="$(sed "s/Database=[^;]*/Database=$bench_database/" <<<"$admin_postgres")"
psql_admin() { psql "$(sed 's/;/ /g; s/Host=/host=/; s/Port=/port=/; s/Username=/user=/; s/Password=/password=/; s/Database=/dbname=/' <<<"$admin_postgres")" -qtAc "$1"; }

work=$(mktemp -d)
pids=()
cleanup() {
  # start_telltale runs in a command substitution, a subshell, so its servers' pids come back through a file.
  for pid in "${pids[@]}" $(cat "$work/pids" 2>/dev/null); do kill "$pid" 2>/dev/null || true; done
  psql_admin "DROP DATABASE IF EXISTS $bench_database WITH (FORCE)" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

# A real inventory of a small machine: 2 Node installs × 25 global packages and 10 editor extensions, with a host name.
node "$root/bench/inventory-tree.mjs" "$work/tree" 2 25 10 >/dev/null
dotnet "$telltale_dll" inventory --root "$work/tree" --format json -o "$work/inventory.raw.json"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); d["host"]="bench-machine"; json.dump(d, open(sys.argv[2],"w"))' "$work/inventory.raw.json" "$work/inventory.json"
echo "inventory: $(wc -c < "$work/inventory.json") bytes, $(grep -o '"kind"' "$work/inventory.json" | wc -l) items"

cat > "$work/post.lua" <<'LUA'
local file = io.open(os.getenv("BENCH_BODY"), "rb")
wrk.method = "POST"
wrk.body = file:read("*a")
file:close()
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("BENCH_TOKEN")
LUA

wait_for() { for _ in $(seq 1 600); do curl -s -o /dev/null "$1" && return 0; sleep 0.1; done; echo "no answer from $1" >&2; return 1; }

start_bare() {
  dotnet "$bench_dll" bare-kestrel --listen http://127.0.0.1:7879 >/dev/null & pids+=($!)
  wait_for http://127.0.0.1:7879/
}

# A server with the example policy (claude-code banned) as its current version, so every post is judged for real.
start_telltale() { # DB PORT
  local token
  token=$(dotnet "$telltale_dll" serve --init --db "$1" 2>/dev/null)
  dotnet "$telltale_dll" serve --db "$1" --listen "http://127.0.0.1:$2" >"$work/serve-$2.log" 2>&1 &
  echo $! >> "$work/pids"
  wait_for "http://127.0.0.1:$2/healthz"
  curl -sf -X PUT -H "Authorization: Bearer $token" -H "Content-Type: application/yaml" \
    --data-binary @"$root/docs/examples/claude-code.policy.yaml" "http://127.0.0.1:$2/api/v1/policy" >/dev/null
  echo "$token"
}

# Prints "requests/s p99-ms non-2xx".
load() { # URL TOKEN
  local out
  out=$(BENCH_BODY="$work/inventory.json" BENCH_TOKEN="$2" wrk -t2 -c"$connections" -d"${seconds}s" --latency -s "$work/post.lua" "$1/api/v1/inventories")
  local rps p99 bad
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p99=$(awk '$1 == "99%" {v=$2; if (v ~ /us$/) {sub(/us$/,"",v); v=v/1000} else if (v ~ /ms$/) {sub(/ms$/,"",v)} else if (v ~ /s$/) {sub(/s$/,"",v); v=v*1000}; print v}' <<<"$out")
  bad=$(awk '/Non-2xx/ {print $NF}' <<<"$out")
  echo "$rps $p99 ${bad:-0}"
}

start_bare
sqlite_token=$(start_telltale "$work/scans.db" 7880)
psql_admin "DROP DATABASE IF EXISTS $bench_database WITH (FORCE)" >/dev/null
psql_admin "CREATE DATABASE $bench_database" >/dev/null
postgres_token=$(start_telltale "$postgres_db" 7881)

# One short warm-up of each (JIT, connection pools), not counted.
for target in "http://127.0.0.1:7879 none" "http://127.0.0.1:7880 $sqlite_token" "http://127.0.0.1:7881 $postgres_token"; do
  set -- $target
  BENCH_BODY="$work/inventory.json" BENCH_TOKEN="$2" wrk -t2 -c"$connections" -d3s -s "$work/post.lua" "$1/api/v1/inventories" >/dev/null
done

echo "# $(date -u '+%Y-%m-%d %H:%M UTC'); $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(nproc) cores; wrk -t2 -c$connections -d${seconds}s"
echo "| round | bare Kestrel req/s | p99 ms | telltale SQLite req/s | p99 ms | telltale PostgreSQL req/s | p99 ms |"
echo "|---|---:|---:|---:|---:|---:|---:|"
declare -a bare_r sqlite_r pg_r bare_p sqlite_p pg_p
for round in $(seq 1 "$rounds"); do
  read -r br bp bb < <(load http://127.0.0.1:7879 none)
  read -r sr sp sb < <(load http://127.0.0.1:7880 "$sqlite_token")
  read -r pr pp pb < <(load http://127.0.0.1:7881 "$postgres_token")
  if [ "$sb" != 0 ] || [ "$pb" != 0 ] || [ "$bb" != 0 ]; then
    echo "non-2xx answers: bare $bb, SQLite $sb, PostgreSQL $pb" >&2
    exit 1
  fi
  bare_r+=("$br"); sqlite_r+=("$sr"); pg_r+=("$pr"); bare_p+=("$bp"); sqlite_p+=("$sp"); pg_p+=("$pp")
  echo "| $round | $br | $bp | $sr | $sp | $pr | $pp |"
done

median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
mb=$(median "${bare_r[@]}"); ms=$(median "${sqlite_r[@]}"); mp=$(median "${pg_r[@]}")
pb=$(median "${bare_p[@]}"); ps=$(median "${sqlite_p[@]}"); pp=$(median "${pg_p[@]}")
echo "| median | $mb | $pb | $ms | $ps | $mp | $pp |"
awk -v b="$mb" -v s="$ms" -v p="$mp" -v pb="$pb" -v ps="$ps" -v pp="$pp" 'BEGIN {
  printf "throughput: SQLite %.1f%% of bare Kestrel (%.1f× slower), PostgreSQL %.1f%% (%.1f× slower)\n", 100*s/b, b/s, 100*p/b, b/p
  printf "p99: SQLite %.1f× bare, PostgreSQL %.1f× bare\n", ps/pb, pp/pb }'
count_sqlite=$(python3 -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute("SELECT count(*) FROM team_inventories").fetchone()[0])' "$work/scans.db")
count_postgres=$(psql "$(sed 's/;/ /g; s/Host=/host=/; s/Port=/port=/; s/Username=/user=/; s/Password=/password=/; s/Database=/dbname=/' <<<"$postgres_db")" -qtAc 'SELECT count(*) FROM team_inventories')
echo "inventories stored (each post kept, with its audit row): SQLite $count_sqlite, PostgreSQL $count_postgres"
