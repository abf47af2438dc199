#!/usr/bin/env bash
# Builds dist/ask-rlm.vsix: a production build, then vsce with the allow-list in .vscodeignore.
# isolated-vm's native module is 26 MB with symbols; a stripped copy (~1 MB, loads the same)
# goes into the VSIX, and the original is put back afterwards.
set -euo pipefail
cd "$(dirname "$0")/.."

node esbuild.mjs --production

native=node_modules/isolated-vm/out/isolated_vm.node
backup="$(mktemp)"
cp "$native" "$backup"
restore() { cp "$backup" "$native"; rm -f "$backup"; }
trap restore EXIT
if command -v strip >/dev/null; then
  strip --strip-unneeded -o "$native.stripped" "$backup" && mv "$native.stripped" "$native"
else
  echo "package: strip not found; the VSIX carries the unstripped isolated-vm binary" >&2
fi

# The README's screenshots are repository-relative; without a published repository vsce refuses
# them, so the VSIX carries the README without its image lines.
grep -v '^!\[.*\](docs/' README.md > dist/README.vsix.md
npx vsce package --allow-missing-repository --skip-license --readme-path dist/README.vsix.md --out dist/ask-rlm.vsix
echo "package: dist/ask-rlm.vsix $(du -h dist/ask-rlm.vsix | cut -f1) ($(stat -c %s dist/ask-rlm.vsix) bytes)"
