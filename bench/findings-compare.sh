#!/usr/bin/env bash
# The findings of every real package the test suite scans, this tree against another telltale build: each target of
# bench/real-packages.txt is scanned by both (--no-store, JSON, one scan at a time) and the reports are compared after
# dropping only what varies between runs and builds (scannedAt, tool.version, statistics.elapsedMs). Writes
# OUT_DIR/findings-compare.md (the table), OUT_DIR/normalised/LABEL.{reference,current}.json (what was compared),
# OUT_DIR/diffs/LABEL.txt (where they differ) and OUT_DIR/runs.jsonl (exit codes and the dropped fields).
#
#   bench/findings-compare.sh REFERENCE_CLI_DLL [OUT_DIR] [PACKAGES]
#
# REFERENCE_CLI_DLL is a built telltale.dll of the reference, e.g. from a worktree of an earlier commit:
#   git worktree add /tmp/ref <commit> && dotnet build -c Release /tmp/ref/src/Telltale.Cli --artifacts-path /tmp/ref-build
#   bench/findings-compare.sh /tmp/ref-build/bin/Telltale.Cli/release/telltale.dll
# OUT_DIR defaults to bench/results. PACKAGES (or the environment variable PACKAGES) is a comma-separated subset:
# each item picks the lines whose target is it, with or without `npm:` (so `lodash@4.18.1`), or whose LABEL is it
# (`@anthropic-ai+claude-code@2.1.198_platform_linux-x64`, to pick one of a package's two scans). Without it every
# line runs; the native ones take minutes each. PACKAGE_LIST=FILE reads another list. COMPARE_ONLY=1 skips building
# and scanning and only compares what OUT_DIR/normalised holds again (after editing a file by hand, say).
# Exit code: 0 when every target is identical, 1 when any differs or a scan failed.
set -euo pipefail

reference=${1:?usage: bench/findings-compare.sh REFERENCE_CLI_DLL [OUT_DIR] [PACKAGES]}
root=$(cd "$(dirname "$0")/.." && pwd)
out=${2:-$root/bench/results}
subset=${3:-${PACKAGES:-}}
list=${PACKAGE_LIST:-$root/bench/real-packages.txt}
compare=$root/bench/findings-compare.py
artifacts=${BENCH_ARTIFACTS:-/tmp/build-findings-compare}
if [ -n "${TELLTALE_CACHE_DIR:-}" ]; then cache=$TELLTALE_CACHE_DIR
elif [ -n "${XDG_CACHE_HOME:-}" ]; then cache=$XDG_CACHE_HOME/telltale
else cache=$HOME/.cache/telltale; fi
mkdir -p "$out"
out=$(cd "$out" && pwd)

export COMPARE_REFERENCE="$reference"
export COMPARE_CURRENT="$root at $(git -C "$root" rev-parse --short HEAD)$(git -C "$root" diff --quiet HEAD -- src || echo ' + uncommitted changes in src/')"

if [ "${COMPARE_ONLY:-}" = 1 ]; then
  exec python3 "$compare" table "$out"
fi
[ -f "$reference" ] || { echo "no reference build at $reference" >&2; exit 2; }

# label TARGET OPTIONS…: a file name for one line, e.g. @anthropic-ai+claude-code@2.1.91_platform_none
label() {
  printf '%s' "$*" | sed -e 's#^npm:##' -e 's#^{cache}/##' -e 's#^{repo}/##' -e 's# --# #g' -e 's#/#+#g' -e 's#[^A-Za-z0-9@.+_-]#_#g'
}

# picked TARGET LABEL: whether the subset names this line (always, without a subset)
picked() {
  [ -z "$subset" ] && return 0
  local item
  IFS=, read -ra items <<< "$subset"
  for item in "${items[@]}"; do
    item=$(printf '%s' "$item" | sed -e 's/^ *//' -e 's/ *$//')
    [ "$item" = "$1" ] || [ "npm:$item" = "$1" ] || [ "$item" = "$2" ] && return 0
  done
  return 1
}

dotnet build -c Release "$root/src/Telltale.Cli" --artifacts-path "$artifacts" -v quiet -nologo >/dev/null
current="$artifacts/bin/Telltale.Cli/release/telltale.dll"
export COMPARE_CURRENT="$COMPARE_CURRENT (built into $current)"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$out/normalised" "$out/diffs"
# This run's results replace the last run's in OUT_DIR (only the files this script writes).
rm -f "$out/runs.jsonl" "$out/findings-compare.md" "$out"/normalised/*.json "$out"/diffs/*.txt

count=0
while IFS= read -r line || [ -n "$line" ]; do
  line=${line%%#*}
  read -ra words <<< "$line"
  [ ${#words[@]} -eq 0 ] && continue
  spec="${words[*]}"
  name=$(label "${words[@]}")
  picked "${words[0]}" "$name" || continue
  count=$((count + 1))
  target=${words[0]//\{cache\}/$cache}
  target=${target//\{repo\}/$root}
  options=("${words[@]:1}")
  for side in reference current; do
    dll=$reference; [ $side = current ] && dll=$current
    echo "[$count] $side: $spec" >&2
    code=0
    rm -f "$work/report.json"
    dotnet "$dll" scan "$target" "${options[@]}" --no-store -q -f json -o "$work/report.json" --fail-on never 2> "$work/stderr" || code=$?
    python3 "$compare" normalise "$work/report.json" "$out/normalised/$name.$side.json" "$name" "$side" "$spec" "$code" "$out" "$work/stderr"
  done
done < "$list"
[ $count -gt 0 ] || { echo "no line of $list matches '$subset'" >&2; exit 2; }

python3 "$compare" table "$out"
