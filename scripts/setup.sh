#!/usr/bin/env bash
# Installs and builds everything from a fresh clone: npm packages (isolated-vm compiles its
# native module here), the bundles, and what the end-to-end tests need. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

# node-gyp needs Node's headers to compile isolated-vm; offline it cannot download them, so
# point it at the ones installed with Node when nothing else is configured.
if [ -z "${npm_config_nodedir:-}" ] && ! npm config get nodedir 2>/dev/null | grep -q '^/'; then
  node_prefix=$(dirname "$(dirname "$(command -v node)")")
  if [ -f "$node_prefix/include/node/node.h" ]; then export npm_config_nodedir="$node_prefix"; fi
fi

npm ci --no-audit --no-fund
npm run build
node -e "require('isolated-vm'); console.log('isolated-vm loads')"

# A real VS Code for the end-to-end tests: Debian's chromium and code-server (see scripts/e2e),
# and the current code-server (VS Code 1.139 on a Node 24 extension host), the second target.
# They share nothing, so they install side by side (each waits on the network and compiles a
# little); either failing fails the set-up.
bash scripts/e2e/install.sh 2>&1 | sed -u 's/^/[e2e] /' &
first=$!
bash scripts/e2e/install-next.sh 2>&1 | sed -u 's/^/[e2e-next] /' &
second=$!
wait "$first"
wait "$second"
