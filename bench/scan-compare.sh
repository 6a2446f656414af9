#!/usr/bin/env bash
# End-to-end scan time and peak memory of one target, this tree against another telltale build, in
# alternating rounds of the same run (ratios; these machines are noisy).
#
#   bench/scan-compare.sh REFERENCE_CLI_DLL [TARGET] [ROUNDS]
#
# REFERENCE_CLI_DLL is a built telltale.dll of the reference, e.g. from a worktree of an earlier commit:
#   git worktree add /tmp/ref <commit> && dotnet build /tmp/ref/src/Telltale.Cli -c Release
# The target is fetched once first (both builds then read it from the download cache).
set -euo pipefail

reference=${1:?usage: bench/scan-compare.sh REFERENCE_CLI_DLL [TARGET] [ROUNDS]}
target=${2:-npm:@anthropic-ai/claude-code@2.1.91}
rounds=${3:-5}
root=$(cd "$(dirname "$0")/.." && pwd)
artifacts=${BENCH_ARTIFACTS:-/tmp/build-scan-bench}
[ -x /usr/bin/time ] || { apt-get update -qq && apt-get install -y -qq time; }

dotnet build -c Release "$root/src/Telltale.Cli" --artifacts-path "$artifacts" -v quiet -nologo >/dev/null
current="$artifacts/bin/Telltale.Cli/release/telltale.dll"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

run() { # dll label round
  /usr/bin/time -f "%e %M" -o "$work/time" dotnet "$1" scan "$target" --no-store -q -f json -o "$work/$2.json" --fail-on never
  read -r wall rss < "$work/time"
  echo "| $3 | $2 | $wall s | $((rss / 1024)) MB |"
}

dotnet "$current" scan "$target" --no-store -q -f json -o "$work/warm.json" --fail-on never
echo "| round | build | wall | peak RSS |"
echo "|---|---|---:|---:|"
for round in $(seq 1 "$rounds"); do
  run "$reference" reference "$round"
  run "$current" current "$round"
done
