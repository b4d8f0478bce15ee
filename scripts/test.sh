#!/usr/bin/env bash
# The project's one test command (README, .ci/run): lint, the editor end-to-end tests, then
# every Rust test. Installs what the editor tests need itself, idempotently, caching it
# outside the repository (see scripts/nvim-e2e.sh and scripts/vscode-e2e.sh).
set -euo pipefail
cd "$(dirname "$0")/.."

cargo fmt --check
cargo clippy --locked --all-targets -- -D warnings

# End-to-end in real editors: Neovim against the debug build of the server; VS Code
# (code-server in headless Chromium) with the packaged .vsix and the release server inside.
cargo build --locked
bash scripts/nvim-e2e.sh target/debug/glossary-ls
bash scripts/vscode-e2e.sh
# The HTML report in headless Chromium (installed by vscode-e2e.sh), with a screenshot.
bash scripts/report-e2e.sh target/debug/glossary-ls

# The installed binary stays small (the release profile strips it; vscode-e2e built it).
size=$(stat -c %s target/release/glossary-ls)
echo "release binary: $size bytes"
if [ "$size" -ge $((15 * 1024 * 1024)) ]; then
  echo "error: target/release/glossary-ls is $size bytes, over the 15 MiB budget" >&2
  exit 1
fi

# The pre-commit hook's test (tests/pre_commit.rs) runs the real pre-commit from PyPI.
python3 -c 'import pre_commit' 2>/dev/null ||
  python3 -m pip install --quiet --disable-pip-version-check pre-commit

# Every fuzz target still builds and runs (5 s each on its committed corpus; the long
# campaign is run by hand: scripts/fuzz.sh long).
bash scripts/fuzz.sh smoke

# Last, so that its summary closes the output.
cargo test --locked
