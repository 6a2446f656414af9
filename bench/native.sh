#!/usr/bin/env bash
# telltale scan of the native claude-code releases (a Bun executable in a platform package), timed
# next to the floor of the same job in the same rounds: `tar -xzf` of the platform tarball (the
# decompression every scan must do) and GNU `strings -a` over the executable (the manual way).
#
#   bench/native.sh [ROUNDS] [VERSION ...]        (defaults: 3 rounds; 2.1.197 2.1.330)
#
# The tarballs come from the npm cache ($TELLTALE_CACHE_DIR); the first round fills it. Peak memory is
# the maximum resident set size reported by /usr/bin/time.
set -euo pipefail
rounds=${1:-3}
shift || true
versions=("$@")
[ ${#versions[@]} -eq 0 ] && versions=(2.1.197 2.1.330)
root=$(cd "$(dirname "$0")/.." && pwd)
artifacts=${BENCH_ARTIFACTS:-/tmp/build-native-bench}
cache=${TELLTALE_CACHE_DIR:-$HOME/.cache/telltale}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

dotnet build -c Release "$root/src/Telltale.Cli" --artifacts-path "$artifacts" -v quiet -nologo >/dev/null
telltale=(dotnet "$artifacts/bin/Telltale.Cli/release/telltale.dll")

echo "machine: $(nproc) cores, $(awk -F: '/model name/{print $2; exit}' /proc/cpuinfo | xargs), $(awk '/MemTotal/{print $2" kB"}' /proc/meminfo), $(. /etc/os-release; echo "$PRETTY_NAME"), $(dotnet --version) SDK, $(date -u +%Y-%m-%dT%H:%MZ), load $(cut -d' ' -f1-3 /proc/loadavg)"

timed() { # prints "seconds peak_kB" of the command
  /usr/bin/time -f '%e %M' -o "$work/time" "$@" >/dev/null 2>&1 || true
  cat "$work/time" | tail -1
}

echo "| version | round | scan s | scan peak MB | tar -xzf s | strings -a s | scan / tar | scan / strings |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|"
for version in "${versions[@]}"; do
  "${telltale[@]}" scan "npm:@anthropic-ai/claude-code@$version" --platform linux-x64 -q -f json -o "$work/warm.json" >/dev/null 2>&1 || true
  tarball="$cache/npm/@anthropic-ai+claude-code-linux-x64/$version.tgz"
  for round in $(seq 1 "$rounds"); do
    read -r scan_s scan_kb < <(timed "${telltale[@]}" scan "npm:@anthropic-ai/claude-code@$version" --platform linux-x64 -q -f json -o "$work/report.json")
    rm -rf "$work/x" && mkdir "$work/x"
    read -r tar_s _ < <(timed tar -xzf "$tarball" -C "$work/x")
    read -r strings_s _ < <(timed sh -c "strings -a -n 6 '$work/x/package/claude' > /dev/null")
    python3 - "$version" "$round" "$scan_s" "$scan_kb" "$tar_s" "$strings_s" <<'PY'
import sys
v, r, scan, kb, tar, strings = sys.argv[1], sys.argv[2], *map(float, sys.argv[3:])
print(f"| {v} | {r} | {scan:.2f} | {kb/1024:.0f} | {tar:.2f} | {strings:.2f} | {scan/tar:.1f}x | {scan/strings:.1f}x |")
PY
  done
  python3 - "$work/report.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
files = sum(len(p["files"]) for p in d.get("payloads", []))
crit = [f for f in d["findings"] if f["severity"] == "critical" and f.get("behaviour")]
print(f"  entries scanned {d['statistics']['entries']}, embedded files listed {files}, critical behaviour findings {len(crit)}")
PY
done
