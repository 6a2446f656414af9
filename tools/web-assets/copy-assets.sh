#!/usr/bin/env bash
# Installs the pinned browser assets (package-lock.json) and copies their dist files, with their licences, into
# src/Telltale.Server/wwwroot/lib/, which is committed: the server serves them itself, never from a CDN.
# Run it after changing a version in package.json; the server's build never runs npm.
set -euo pipefail
cd "$(dirname "$0")"
npm ci --ignore-scripts --no-audit --no-fund
target=../../src/Telltale.Server/wwwroot/lib
rm -rf "$target"
mkdir -p "$target/htmx"
cp node_modules/htmx.org/dist/htmx.min.js "$target/htmx/htmx.min.js"
cp node_modules/htmx.org/LICENSE "$target/htmx/LICENSE"
echo "copied into $target:"
find "$target" -type f | sort
