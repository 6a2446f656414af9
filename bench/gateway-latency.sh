#!/usr/bin/env bash
# The latency telltale gateway adds in normalise mode: p50/p99 of requests sent directly to an in-process upstream and
# through the gateway, at fixed rates (open loop, latency from each request's scheduled start), with a 20 KB
# Anthropic Messages body that is rewritten on every request, for JSON and for streamed (server-sent event) answers.
# wrk2's fixed-rate mode is not packaged here, so the load generator is in-process (Telltale.Bench gateway-latency):
# client, gateway and upstream share the machine's cores, which counts against the gateway's numbers, not for them.
#
#   bench/gateway-latency.sh [SECONDS] [RATES] [BODY_KB]
set -euo pipefail

seconds=${1:-10}
rates=${2:-50,500}
body_kb=${3:-20}
root=$(cd "$(dirname "$0")/.." && pwd)
artifacts=${BENCH_ARTIFACTS:-/tmp/build-gateway-latency-bench}
dotnet build -c Release "$root/bench/Telltale.Bench" --artifacts-path "$artifacts" -v quiet -nologo >/dev/null
bench="$artifacts/bin/Telltale.Bench/release/Telltale.Bench.dll"
echo "== every body rewritten"
dotnet "$bench" gateway-latency --rates "$rates" --seconds "$seconds" --body-kb "$body_kb"
echo "== every body read and checked, none changed"
dotnet "$bench" gateway-latency --rates "$rates" --seconds "$seconds" --body-kb "$body_kb" --covert no
