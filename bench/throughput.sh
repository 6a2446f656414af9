#!/usr/bin/env bash
# Throughput curve: scan wall time and peak memory against bundle size, this tree against another telltale
# build, alternating in the same run (ratios; these machines are noisy). The claim to check is that time
# and memory grow linearly with bundle size or better.
#
#   bench/throughput.sh REFERENCE_CLI_DLL [SIZES] [ROUNDS]
#
#   REFERENCE_CLI_DLL  a built telltale.dll of the reference, e.g. from a worktree of an earlier commit:
#                        git worktree add /tmp/ref <commit> && dotnet build /tmp/ref/src/Telltale.Cli -c Release
#   SIZES              target sizes in MB (10^6 bytes), comma or space separated; default "1,4,16,64"
#   ROUNDS             rounds per size; default 3; medians are reported
#   BENCH_ARTIFACTS    where the current tree is built (default /tmp/build-throughput-bench)
#   BENCH_NO_BUILD=1   use the build already in BENCH_ARTIFACTS as is
#
# Each round scans each input with both builds (the order flips every round, so neither build always
# runs on a cache the other warmed) and times `node --check` on it: V8's pre-parse is a floor that
# moves with the machine, so current/node and current/reference survive noise that raw seconds do not.
#
# Inputs: real bundle code only, one file per size, cached in ${TMPDIR:-/tmp}/telltale-throughput/.
# Recipe (bench/throughput-input.mjs does the assembly):
#   - Base: the largest of these ES-module bundles that is not bigger than the target, kept whole and
#     unchanged at the top level; for the default sizes that is
#        16 MB: @anthropic-ai/claude-code@2.1.91 cli.js (13.2 MB),
#        64 MB: @qoder-ai/qodercli@1.1.52 bundle/qodercli.js (33.1 MB);
#     1 MB and 4 MB have no base and are classic scripts. Two ES-module bundles cannot share one file
#     (imports must be at the top level and their top-level names clash), so one base is the most.
#   - Fill: whole script-mode files from the pinned packages in FILL below, each wrapped as
#     `;(function(){ … })();`, largest first, until the target is reached (within +2%), skipping
#     duplicates, files with a shebang and files that do not parse so wrapped in the input's mode. Only
#     one build of each library is listed (no .min.js twin, no second copy of the same code), so the
#     input is not one library repeated, and no tokenizer tables or other data-only files are listed,
#     so the input is code, as a bundle is, rather than one giant literal.
# Which files each size got is printed under the table and kept next to the input (manifest.tsv).
# Tarballs are read from telltale's download cache (~/.cache/telltale/npm) when there, else fetched
# once with `npm pack`.
set -euo pipefail

usage="usage: bench/throughput.sh REFERENCE_CLI_DLL [SIZES] [ROUNDS]"
reference=${1:?$usage}
sizes=$(echo "${2:-1,4,16,64}" | tr ',' ' ')
rounds=${3:-3}
[ -f "$reference" ] || { echo "no such reference build: $reference" >&2; exit 2; }
root=$(cd "$(dirname "$0")/.." && pwd)
artifacts=${BENCH_ARTIFACTS:-/tmp/build-throughput-bench}
cache=${TMPDIR:-/tmp}/telltale-throughput
recipe=v1 # bump when BASES or FILL change, so stale inputs are not reused
download_cache=$HOME/.cache/telltale/npm
[ -x /usr/bin/time ] || { apt-get update -qq && apt-get install -y -qq time; }

# name@version, then the paths inside the package (a directory means its .js/.cjs files).
BASES=(
  "@anthropic-ai/claude-code@2.1.91 cli.js"
  "@qoder-ai/qodercli@1.1.52 bundle/qodercli.js"
)
FILL=(
  "typescript@5.9.3 lib/typescript.js"
  "playwright-core@1.65.2 lib"
  "prettier@3.10.2 standalone.js plugins"
  "@qwen-code/qwen-code@0.24.4 export-transcript-document.js"
  "date-fns@4.4.0 cdn.js locale/cdn.js"
  "moment-timezone@0.6.6 builds/moment-timezone-with-data.js"
  "lodash@4.18.1 lodash.js"
  "luxon@3.7.2 build/global/luxon.js"
  "axios@1.21.1 dist/node/axios.cjs"
  "undici@8.14.1 lib"
  "npm@11.19.1 lib node_modules"
)

mkdir -p "$cache/tgz" "$cache/src"

unpacked() { # "name@version path…" -> directory holding package/<path…>
  local spec=$1 id name version dir tgz
  id=${spec%% *}
  name=${id%@*}
  version=${id##*@}
  dir="$cache/src/${name//\//+}@$version"
  if [ ! -e "$dir/.done" ]; then
    tgz="$download_cache/${name//\//+}/$version.tgz"
    if [ ! -f "$tgz" ]; then
      tgz="$cache/tgz/$(cd "$cache/tgz" && npm pack "$name@$version" --silent | tail -1)"
    fi
    local members=()
    for path in ${spec#* }; do members+=("package/$path"); done
    mkdir -p "$dir"
    tar xzf "$tgz" -C "$dir" "${members[@]}"
    touch "$dir/.done"
  fi
  echo "$dir"
}

candidates() { # "name@version path…" -> label<TAB>file lines
  local spec=$1 dir
  dir=$(unpacked "$spec")
  for path in ${spec#* }; do
    find "$dir/package/$path" -type f \( -name '*.js' -o -name '*.cjs' \) ! -name '*.min.js' \
      ! -path '*/test/*' ! -path '*/tests/*' | sort |
      while read -r file; do printf '%s %s\t%s\n' "${spec%% *}" "${file#"$dir"/package/}" "$file"; done
  done
}

input_for() { # size in MB -> path of the cached input, building it on first use
  local mb=$1 dir bytes base="-" best=0
  dir="$cache/$recipe-${mb}MB"
  if [ ! -f "$dir/input.js" ]; then
    bytes=$((mb * 1000000))
    for spec in "${BASES[@]}"; do
      local file size
      file="$(unpacked "$spec")/package/${spec#* }"
      size=$(stat -c %s "$file")
      if [ "$size" -le "$bytes" ] && [ "$size" -gt "$best" ]; then base=$file; best=$size; fi
    done
    mkdir -p "$dir"
    for spec in "${FILL[@]}"; do candidates "$spec"; done > "$dir/candidates.tsv"
    node --experimental-vm-modules --no-warnings "$root/bench/throughput-input.mjs" \
      "$bytes" "$dir/input.tmp" "$base" < "$dir/candidates.tsv" > "$dir/manifest.tsv"
    # node --check decides script or module from the extension, so it gets a hard link with the right one.
    if [ "$base" = "-" ]; then echo script > "$dir/mode"; else echo module > "$dir/mode"; fi
    mv "$dir/input.tmp" "$dir/input.js"
  fi
  local ext=cjs
  [ "$(cat "$dir/mode")" = module ] && ext=mjs
  ln -f "$dir/input.js" "$dir/input.$ext"
  node --check "$dir/input.$ext" >&2 || { echo "$dir/input.js does not parse" >&2; exit 1; }
  echo "$dir"
}

if [ "${BENCH_NO_BUILD:-0}" != 1 ]; then
  dotnet build -c Release "$root/src/Telltale.Cli" --artifacts-path "$artifacts" -v quiet -nologo >/dev/null
fi
current="$artifacts/bin/Telltale.Cli/release/telltale.dll"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

declare -A input
for mb in $sizes; do input[$mb]=$(input_for "$mb"); done

scan() { # dll input label -> appends "wall rss_kb" to $work/<label>
  /usr/bin/time -f "%e %M" -o "$work/time" \
    dotnet "$1" scan "$2" --no-store -q -f json -o "$work/out.json" --fail-on never >/dev/null
  [ -s "$work/out.json" ] || { echo "$3: no report for $2" >&2; exit 1; }
  # A scan that hit a size or time limit is fast for the wrong reason; its row must say so.
  if grep -q '"complete": *false' "$work/out.json"; then echo "$3" >> "$work/incomplete"; fi
  cat "$work/time" >> "$work/$3"
  rm -f "$work/out.json"
}

median() { # column file
  awk -v c="$1" '{ print $c }' "$2" | sort -g | awk '{ v[NR] = $1 } END {
    if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# One untimed scan first so the first timed one does not pay for a cold disk cache and runtime.
first=${sizes%% *}
scan "$current" "${input[$first]}/input.js" warmup

for round in $(seq 1 "$rounds"); do
  for mb in $sizes; do
    dir=${input[$mb]}
    ext=cjs
    [ "$(cat "$dir/mode")" = module ] && ext=mjs
    /usr/bin/time -f "%e %M" -o "$work/time" node --check "$dir/input.$ext"
    cat "$work/time" >> "$work/node-$mb"
    if [ $((round % 2)) = 1 ]; then
      scan "$reference" "$dir/input.js" "reference-$mb"
      scan "$current" "$dir/input.js" "current-$mb"
    else
      scan "$current" "$dir/input.js" "current-$mb"
      scan "$reference" "$dir/input.js" "reference-$mb"
    fi
  done
done

cpu=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
mem=$(awk '/^MemTotal/ { printf "%.1f GB", $2 / 1048576 }' /proc/meminfo)
echo "Machine: $cpu, $(nproc) cores, $mem RAM, $(uname -sr); dotnet $(dotnet --version), node $(node --version)"
echo "Date: $(date -u '+%Y-%m-%d %H:%M UTC'); current: $(git -C "$root" rev-parse --short HEAD)$(git -C "$root" diff --quiet || echo '+dirty'); reference: $reference; $rounds round(s), medians"
echo
echo "| size | input bytes | reference wall | current wall | current/reference | node --check | current MB/s | reference peak RSS | current peak RSS |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|"
declare -A wall bytes
for mb in $sizes; do
  dir=${input[$mb]}
  bytes[$mb]=$(stat -c %s "$dir/input.js")
  rw=$(median 1 "$work/reference-$mb")
  cw=$(median 1 "$work/current-$mb")
  wall[$mb]=$cw
  nw=$(median 1 "$work/node-$mb")
  rr=$(median 2 "$work/reference-$mb")
  cr=$(median 2 "$work/current-$mb")
  awk -v mb="$mb" -v mode="$(cat "$dir/mode")" -v b="${bytes[$mb]}" -v rw="$rw" -v cw="$cw" -v nw="$nw" -v rr="$rr" -v cr="$cr" 'BEGIN {
    printf "| %s MB (%s) | %d | %.2f s | %.2f s | %.2f | %.2f s | %.2f | %d MB | %d MB |\n",
      mb, mode, b, rw, cw, (rw > 0 ? cw / rw : 0), nw, (cw > 0 ? b / 1e6 / cw : 0), rr / 1024, cr / 1024 }'
done

if [ -s "$work/incomplete" ]; then
  echo
  echo "Incomplete reports (a limit was hit, so the time is not the time to scan it all): $(sort -u "$work/incomplete" | paste -sd' ')"
fi

# Linear or better: going from one size to the next, time should grow no faster than the bytes do.
# Wall time includes a fixed start-up cost, so small sizes overstate the per-MB time; read the big steps.
echo
previous=
for mb in $sizes; do
  if [ -n "$previous" ]; then
    awk -v a="$previous" -v b="$mb" -v ta="${wall[$previous]}" -v tb="${wall[$mb]}" \
      -v ba="${bytes[$previous]}" -v bb="${bytes[$mb]}" 'BEGIN {
      bytes = bb / ba; time = (ta > 0 ? tb / ta : 0)
      printf "- current, %s MB -> %s MB: %.2fx the bytes took %.2fx the time; time per MB x%.2f (%s)\n",
        a, b, bytes, time, time / bytes, (time / bytes <= 1.10 ? "linear or better" : "worse than linear") }'
  fi
  previous=$mb
done

echo
echo "Inputs (${TMPDIR:-/tmp}/telltale-throughput/$recipe-<size>MB/manifest.tsv):"
for mb in $sizes; do
  dir=${input[$mb]}
  count=$(wc -l < "$dir/manifest.tsv")
  files=$(sort -t$'\t' -k1,1nr "$dir/manifest.tsv" | head -8 | cut -f2 | paste -sd';' | sed 's/;/; /g')
  [ "$count" -gt 8 ] && files="$files; …"
  echo "- $mb MB, $(cat "$dir/mode"), $count whole files: $files"
done
