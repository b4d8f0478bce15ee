#!/usr/bin/env bash
# Builds the VS Code extension with the language server inside:
#   1. `cargo build --release --locked` at the repository root,
#   2. copies target/release/glossary-ls (without debug info) to editors/vscode/server/glossary-ls,
#   3. `npm ci` when node_modules is missing or older than package-lock.json,
#   4. type-checks, lints and unit-tests the extension, bundles it with esbuild,
#   5. `vsce package --no-dependencies` → editors/vscode/glossary-ls-<version>.vsix.
# The last line printed is the path of the .vsix. Install it with
#   code --install-extension editors/vscode/glossary-ls-<version>.vsix
# The server inside is built for this machine (linux-x64 here); on other platforms the
# extension falls back to `glossary-ls` on PATH.
#
# Options: --skip-cargo (use the server already in target/release), --skip-checks (no
# typecheck/lint/unit tests).
set -euo pipefail

here="$(cd "$(dirname "$0")/.." && pwd)"
root="$(cd "$here/../.." && pwd)"
skip_cargo=false
skip_checks=false
for arg in "$@"; do
  case "$arg" in
    --skip-cargo) skip_cargo=true ;;
    --skip-checks) skip_checks=true ;;
    *) echo "package.sh: unknown option $arg" >&2; exit 2 ;;
  esac
done

if ! $skip_cargo; then
  echo "==> cargo build --release --locked" >&2
  (cd "$root" && cargo build --release --locked)
fi
binary="${CARGO_TARGET_DIR:-$root/target}/release/glossary-ls"
if [[ ! -x "$binary" ]]; then
  echo "package.sh: $binary is missing: run cargo build --release first" >&2
  exit 1
fi

echo "==> server/glossary-ls" >&2
mkdir -p "$here/server"
rm -f "$here/server/glossary-ls"
if command -v strip >/dev/null 2>&1; then
  strip --strip-debug -o "$here/server/glossary-ls" "$binary"
else
  cp "$binary" "$here/server/glossary-ls"
fi
chmod 755 "$here/server/glossary-ls"
"$here/server/glossary-ls" --version >&2

cd "$here"
stamp="node_modules/.glossary-ls-lock.sha256"
lock_sum="$(sha256sum package-lock.json | cut -d' ' -f1)"
if [[ ! -f "$stamp" || "$(cat "$stamp")" != "$lock_sum" ]]; then
  echo "==> npm ci" >&2
  npm ci --no-audit --no-fund >&2
  echo "$lock_sum" > "$stamp"
fi

if ! $skip_checks; then
  echo "==> typecheck, lint, unit tests" >&2
  npm run --silent typecheck >&2
  npm run --silent lint >&2
  npm run --silent test:unit >&2
fi

version="$(node -p "require('./package.json').version")"
vsix="$here/glossary-ls-$version.vsix"
echo "==> vsce package" >&2
rm -f "$vsix"
# vscode:prepublish bundles dist/extension.js (minified); esbuild bundles the dependencies,
# hence --no-dependencies. The README's images are files of the package: keep them relative.
npx --no-install vsce package --no-dependencies --allow-missing-repository \
  --no-rewrite-relative-links --out "$vsix" >&2
echo "$vsix"
