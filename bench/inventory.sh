#!/usr/bin/env bash
# telltale inventory against the script a user would write instead: `npm ls -g --depth 0 --prefix P` over every
# Node install. A generated tree (bench/inventory-tree.mjs: INSTALLS nvm installs × PACKAGES global packages, and
# EXTENSIONS VS Code extensions) is read by both in alternating rounds of one run; medians and their ratio.
#
#   bench/inventory.sh [ROUNDS] [INSTALLS] [PACKAGES] [EXTENSIONS]
#
# TELLTALE_DLL picks a built telltale.dll (default: build this tree's CLI under BENCH_ARTIFACTS).
# npm ls sees only the npm packages; telltale reads the extensions (and looks for executables) too.
set -euo pipefail

rounds=${1:-5}
installs=${2:-50}
packages=${3:-200}
extensions=${4:-300}
root=$(cd "$(dirname "$0")/.." && pwd)
if [ -z "${TELLTALE_DLL:-}" ]; then
  artifacts=${BENCH_ARTIFACTS:-/tmp/build-inventory-bench}
  dotnet build -c Release "$root/src/Telltale.Cli" --artifacts-path "$artifacts" -v quiet -nologo >/dev/null
  TELLTALE_DLL="$artifacts/bin/Telltale.Cli/release/telltale.dll"
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
tree="$work/tree"
node "$root/bench/inventory-tree.mjs" "$tree" "$installs" "$packages" "$extensions"
prefixes=("$tree"/home/bench/.nvm/versions/node/*)

now() { date +%s.%N; }

telltale() {
  dotnet "$TELLTALE_DLL" inventory --root "$tree" --format json -o "$work/inventory.json"
}

npm_ls() {
  : > "$work/npm-ls.txt"
  for prefix in "${prefixes[@]}"; do
    npm ls -g --depth 0 --prefix "$prefix" --parseable >> "$work/npm-ls.txt"
  done
}

# Both once to warm the page cache and check they list the same packages.
telltale
npm_ls
listed_by_telltale=$(grep -c '"kind": "npm-global"' "$work/inventory.json")
listed_by_npm=$(grep -c '/node_modules/' "$work/npm-ls.txt")
echo "packages: telltale $listed_by_telltale, npm ls $listed_by_npm (expected $((installs * packages))); extensions: telltale $(grep -c '"kind": "editor-extension"' "$work/inventory.json")"

echo "| round | telltale inventory | npm ls -g × ${#prefixes[@]} |"
echo "|---|---:|---:|"
: > "$work/times"
for round in $(seq 1 "$rounds"); do
  start=$(now); telltale; middle=$(now); npm_ls; end=$(now)
  t=$(echo "$middle - $start" | bc); n=$(echo "$end - $middle" | bc)
  echo "$t $n" >> "$work/times"
  printf '| %d | %.2f s | %.2f s |\n' "$round" "$t" "$n"
done

median() { sort -g | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
mt=$(cut -d' ' -f1 "$work/times" | median)
mn=$(cut -d' ' -f2 "$work/times" | median)
printf '| **median** | **%.2f s** | **%.2f s** (%.1f× telltale) |\n' "$mt" "$mn" "$(echo "$mn / $mt" | bc -l)"
