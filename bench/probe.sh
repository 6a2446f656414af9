#!/usr/bin/env bash
# telltale probe on the real @anthropic-ai/claude-code@2.1.91: 5 variants × 2 repeats.
#
#   bench/probe.sh [VERSION]
#
# Needs root (network namespaces). Prints the wall time of the whole probe next to the time the ten
# runs of the tool took themselves (from the report), so the ratio is the probe's overhead.
set -euo pipefail
version=${1:-2.1.91}
root=$(cd "$(dirname "$0")/.." && pwd)
artifacts=${BENCH_ARTIFACTS:-/tmp/build-probe-bench}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

dotnet build -c Release "$root/src/Telltale.Cli" --artifacts-path "$artifacts" -v quiet -nologo >/dev/null
(cd "$work" && npm pack --silent "@anthropic-ai/claude-code@$version" >/dev/null && tar xzf ./*.tgz)

echo "machine: $(nproc) cores, $(awk '/MemTotal/{print $2" kB"}' /proc/meminfo), $(. /etc/os-release; echo "$PRETTY_NAME"), node $(node --version), $(date -u +%Y-%m-%dT%H:%MZ)"
start=$(date +%s.%N)
set +e
dotnet "$artifacts/bin/Telltale.Cli/release/telltale.dll" probe --matrix "$root/bench/probe-matrix.yaml" -q --format json -o "$work/report.json" \
  -- node "$work/package/cli.js" -p "say hi"
code=$?
set -e
end=$(date +%s.%N)
python3 - "$work/report.json" "$start" "$end" "$code" <<'PY'
import json, sys
report = json.load(open(sys.argv[1]))
wall = float(sys.argv[3]) - float(sys.argv[2])
runs = report["runs"]
tool = sum(r["seconds"] for r in runs)
print(f"runs: {len(runs)} (all exit 0: {all(r['exitCode'] == 0 for r in runs)}), probe exit code {sys.argv[4]}")
print(f"probe wall time: {wall:.1f} s (start-up and comparison included); the tool's own runs: {tool:.1f} s; ratio {wall / tool:.2f}x")
print(f"differences: {len(report['comparison']['differences'])} (channels: {report['comparison']['channels']}), noise fields: {len(report['comparison']['noise'])}, derived: {len(report['comparison']['derived'])}")
PY
