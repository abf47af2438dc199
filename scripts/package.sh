#!/usr/bin/env bash
# Builds dist/ask-rlm.vsix: a production build, then vsce with the allow-list in .vscodeignore.
# vsce lists every file under the folder it packages before .vscodeignore filters them; in a fresh
# clone that is .git and the e2e installs too (.e2e, .e2e-next: ~18k files, which setup writes
# meanwhile), ~40 s of CPU. So it packages a hard-linked copy of the repository's top level
# without its dot folders (.vscodeignore aside), made in dist/ (same file system) and removed after.
# isolated-vm's native module is 26 MB with symbols; a stripped copy (~1 MB, loads the same)
# replaces it in that copy only.
set -euo pipefail
cd "$(dirname "$0")/.."

node esbuild.mjs --production

stage=dist/.vsix-stage
rm -rf "$stage"
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage/dist"
for entry in *; do
  [ "$entry" = dist ] || cp -al "$entry" "$stage/"
done
cp -al .vscodeignore "$stage/"
cp -al dist/* "$stage/dist/"

native=node_modules/isolated-vm/out/isolated_vm.node
if command -v strip >/dev/null; then
  # Written beside, then renamed over the stage's hard link: the original stays as it is.
  strip --strip-unneeded -o "$stage/$native.stripped" "$native" && mv "$stage/$native.stripped" "$stage/$native"
else
  echo "package: strip not found; the VSIX carries the unstripped isolated-vm binary" >&2
fi

# The README's screenshots are repository-relative; without a published repository vsce refuses
# them, so the VSIX carries the README without its image lines.
grep -v '^!\[.*\](docs/' README.md > "$stage/dist/README.vsix.md"
(cd "$stage" && npx vsce package --allow-missing-repository --skip-license --readme-path dist/README.vsix.md --out ../ask-rlm.vsix)
echo "package: dist/ask-rlm.vsix $(du -h dist/ask-rlm.vsix | cut -f1) ($(stat -c %s dist/ask-rlm.vsix) bytes)"
