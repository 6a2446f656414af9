#!/usr/bin/env bash
# Parse + behaviour analysis of one bundle, next to acorn (the parser Acornima ports) in node.
#
#   bench/behaviour.sh FILE [RUNS]
#
# Installs acorn from npm into a temporary folder, builds the bench in Release into an isolated
# artifacts folder ($BENCH_ARTIFACTS, default /tmp/build-behaviour-bench) and prints the timings and
# the behaviour trees found.
set -euo pipefail

file=${1:?usage: bench/behaviour.sh FILE [RUNS]}
runs=${2:-5}
root=$(cd "$(dirname "$0")/.." && pwd)
artifacts=${BENCH_ARTIFACTS:-/tmp/build-behaviour-bench}

acorn=$(mktemp -d)
trap 'rm -rf "$acorn"' EXIT
npm install --silent --prefix "$acorn" acorn@8 >/dev/null

dotnet build -c Release "$root/bench/Telltale.Bench" --artifacts-path "$artifacts" -v quiet -nologo
dotnet "$artifacts/bin/Telltale.Bench/release/Telltale.Bench.dll" behaviour --file "$file" --runs "$runs" --acorn "$acorn"
