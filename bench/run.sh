#!/usr/bin/env bash
# XOR sweep vs yara on one file, then on a copy with indicators planted under random keys.
#
#   bench/run.sh FILE [RUNS] [INDICATORS_FILE]
#
# Installs yara (Debian package) if missing, builds the bench in Release into an isolated artifacts
# folder ($BENCH_ARTIFACTS, default /tmp/build-xor-bench) and prints Markdown tables. Exits non-zero if
# yara and the sweep disagree on the hits.
set -euo pipefail

file=${1:?usage: bench/run.sh FILE [RUNS] [INDICATORS_FILE]}
runs=${2:-5}
root=$(cd "$(dirname "$0")/.." && pwd)
indicators=${3:-$root/bench/indicators.txt}
artifacts=${BENCH_ARTIFACTS:-/tmp/build-xor-bench}

if ! command -v yara >/dev/null || ! command -v yarac >/dev/null; then
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq yara
fi

dotnet build -c Release "$root/bench/Telltale.Bench" --artifacts-path "$artifacts" -v quiet -nologo
bench() { dotnet "$artifacts/bin/Telltale.Bench/release/Telltale.Bench.dll" "$@"; }

echo "## $(basename "$file")"
bench xor-vs-yara --file "$file" --runs "$runs" --indicators "$indicators"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
planted="$work/$(basename "$file").planted"
echo
echo "## $(basename "$file") with 12 planted indicators"
bench plant --file "$file" --out "$planted" --indicators "$indicators" --count 12 --seed 1
bench xor-vs-yara --file "$planted" --runs "$runs" --indicators "$indicators"
