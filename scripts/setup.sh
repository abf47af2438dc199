#!/usr/bin/env bash
# Installs and builds everything from a fresh clone: npm packages (isolated-vm compiles its
# native module here), the bundles, the VSIX, and what the end-to-end tests need. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

# node-gyp needs Node's headers to compile isolated-vm; offline it cannot download them, so
# point it at the ones installed with Node when nothing else is configured.
if [ -z "${npm_config_nodedir:-}" ] && ! npm config get nodedir 2>/dev/null | grep -q '^/'; then
  node_prefix=$(dirname "$(dirname "$(command -v node)")")
  if [ -f "$node_prefix/include/node/node.h" ]; then export npm_config_nodedir="$node_prefix"; fi
fi

# A real VS Code for the end-to-end tests: Debian's chromium and code-server (see scripts/e2e),
# and the current code-server (VS Code 1.139 on a Node 24 extension host), the second target.
# They need nothing from this repository's node_modules, so they install in the background while
# npm ci runs (the next one alone took 3.6 min of a 6.5 min set-up after npm ci); each waits on
# the network and compiles a little. Any of them failing fails the set-up.
# Each step runs in a process group of its own (job control, `set -m`), and the script only waits
# (a shell defers its traps until a command in the foreground ends, and npm ci takes minutes): a
# failure, Ctrl-C or a TERM ends every group with all it started (npm, node-gyp, the compilers).
# npm ci, the VSIX and the build are the longest chain (isolated-vm's compile, then vsce): the
# code-server installs run niced beside it and take the CPU it leaves.
set -m
(nice -n 5 bash scripts/e2e/install.sh 2>&1 | sed -u 's/^/[e2e] /') &
first=$!
(nice -n 5 bash scripts/e2e/install-next.sh 2>&1 | sed -u 's/^/[e2e-next] /') &
second=$!
(
  set -e
  # Without debug info (-g): a third less compile time for isolated-vm, the same machine code
  # (the VSIX strips the symbols anyway).
  CXXFLAGS="${CXXFLAGS:-} -g0" npm ci --no-audit --no-fund
  # The VSIX the e2e tests install, packaged here beside the code-server installs rather than in
  # the first e2e file (~1 min there). Its production build overwrites the bundles: build after it.
  npm run package
  npm run build
  node -e "require('isolated-vm'); console.log('isolated-vm loads')"
) &
packages=$!
set +m
# npm ci answers a TERM during its install by rolling back and may carry on: a KILL follows.
stop_steps() {
  local groups=("-$first" "-$second" "-$packages")
  kill -TERM -- "${groups[@]}" 2>/dev/null || return 0
  sleep 3
  kill -KILL -- "${groups[@]}" 2>/dev/null || true
}
trap stop_steps EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

wait "$packages"
wait "$first"
wait "$second"
trap - EXIT
