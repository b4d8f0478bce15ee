#!/usr/bin/env bash
# The project's one test command (README, .ci/run): lint, the editor end-to-end tests, then
# every Rust test. Installs what the editor tests need itself (see scripts/*-e2e.sh).
set -euo pipefail
cd "$(dirname "$0")/.."

cargo fmt --check
cargo clippy --locked --all-targets -- -D warnings

# End-to-end in real editors, against the debug build of the server.
cargo build --locked
bash scripts/nvim-e2e.sh target/debug/glossary-ls

# Last, so that its summary closes the output.
cargo test --locked
