#!/usr/bin/env bash
# One fuzzing campaign: build, seed corpus, instrumented copy (edge coverage), then every target for an
# equal share of SECONDS, at the lowest CPU priority. Output and the log go to OUT.
#   fuzz/run-campaign.sh [SECONDS=3600] [OUT=/tmp/telltale-fuzz] [SEED=1]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-3600}"
out="${2:-/tmp/telltale-fuzz}"
seed="${3:-1}"

dotnet build fuzz/Telltale.Fuzz -c Release --nologo -v quiet
bin=fuzz/Telltale.Fuzz/bin/Release/net10.0
mkdir -p "$out"
rm -rf "$out/seeds" "$out/instrumented"
dotnet "$bin/telltale-fuzz.dll" seed --out "$out/seeds"
dotnet "$bin/telltale-fuzz.dll" instrument --out "$out/instrumented"
nice -n 19 dotnet "$out/instrumented/telltale-fuzz.dll" run --target all --seconds "$seconds" --seed "$seed" \
  --corpus "$out/seeds" --out "$out/findings" 2>&1 | tee "$out/campaign.log"
