#!/usr/bin/env bash
# Installs what the end-to-end tests need, from scratch, offline (npm registry + Debian apt only):
# Debian's chromium, ripgrep and libkrb5-dev, then code-server into .e2e/code-server (gitignored).
# Safe to run again: each step is skipped when its result is already there.
set -euo pipefail
cd "$(dirname "$0")/../.."

CODE_SERVER_VERSION=4.100.3
PREFIX="$PWD/.e2e/code-server"
start=$(date +%s)
# code-server's native modules (spdlog, sqlite3, node-pty, kerberos, argon2, …) compile from source
# here and serve only the tests' VS Code: built at -O0 without debug info (the flags come after
# their own -O3), e.g. sqlite3 (4.139.1 only) in 12 s of CPU instead of 100 s.
TEST_ONLY_CFLAGS="${CFLAGS:-} -O0 -g0"

# 1. System packages. chromium is driven by playwright-core; code-server's install needs rg (for
#    its ripgrep cache, below) and libkrb5-dev (its kerberos module compiles against it).
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v rg >/dev/null 2>&1 || missing+=(ripgrep)
dpkg -s libkrb5-dev >/dev/null 2>&1 || missing+=(libkrb5-dev)
if [ ${#missing[@]} -gt 0 ]; then
  echo "e2e install: apt-get install ${missing[*]}"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  apt_log=$(mktemp)
  if ! { $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq \
      --no-install-recommends "${missing[@]}"; } >"$apt_log" 2>&1; then
    cat "$apt_log"; rm -f "$apt_log"; echo "e2e install: apt-get failed" >&2; exit 1
  fi
  rm -f "$apt_log"
else
  echo "e2e install: chromium, ripgrep, libkrb5-dev already present"
fi

# 2. code-server, pinned: 4.100.3 is the last release that accepts Node 20.
installed=""
if [ -f "$PREFIX/node_modules/code-server/package.json" ]; then
  installed=$(node -p "require('$PREFIX/node_modules/code-server/package.json').version")
fi
if [ "$installed" = "$CODE_SERVER_VERSION" ] && [ -x "$PREFIX/node_modules/.bin/code-server" ]; then
  echo "e2e install: code-server $CODE_SERVER_VERSION already in $PREFIX"
else
  echo "e2e install: code-server $CODE_SERVER_VERSION into $PREFIX"
  mkdir -p "$PREFIX"
  # Offline tricks (ENVIRONMENT.md): code-server's @vscode/ripgrep 1.15.x postinstall downloads
  # ripgrep unless its cache already holds the tarball, so pre-seed the cache from Debian's rg
  # in a private TMPDIR; node-pty runs `npx node-gyp` (needs yes); we run as root (unsafe_perm).
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  cache="$tmp/vscode-ripgrep-cache-1.15.11"
  mkdir -p "$cache" "$tmp/rg"
  cp "$(command -v rg)" "$tmp/rg/rg"
  tar -C "$tmp/rg" -czf "$cache/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz" rg
  # Node headers for node-gyp offline, as scripts/setup.sh does.
  if [ -z "${npm_config_nodedir:-}" ]; then
    node_prefix=$(dirname "$(dirname "$(command -v node)")")
    [ -f "$node_prefix/include/node/node.h" ] && export npm_config_nodedir="$node_prefix"
  fi
  [ -f "$PREFIX/package.json" ] || echo '{"name":"ask-rlm-e2e-code-server","private":true}' > "$PREFIX/package.json"
  TMPDIR="$tmp" npm_config_yes=true npm_config_unsafe_perm=true CFLAGS="$TEST_ONLY_CFLAGS" CXXFLAGS="$TEST_ONLY_CFLAGS" \
    npm install --prefix "$PREFIX" --no-audit --no-fund --save-exact --loglevel=error \
    "code-server@$CODE_SERVER_VERSION"
fi

# Check that it runs (with a throwaway config folder: code-server writes a default config.yaml).
cfg=$(mktemp -d)
XDG_CONFIG_HOME="$cfg" "$PREFIX/node_modules/.bin/code-server" --version | grep -m1 "^$CODE_SERVER_VERSION " \
  || { rm -rf "$cfg"; echo "e2e install: code-server does not run" >&2; exit 1; }
rm -rf "$cfg"
echo "e2e install: done in $(( $(date +%s) - start )) s"
