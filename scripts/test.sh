#!/usr/bin/env bash
# The project's one test command (README, .ci/run): lint, then every test.
# Installs nothing today: the Rust toolchain on the machine is all the tests need.
set -euo pipefail
cd "$(dirname "$0")/.."

cargo fmt --check
cargo clippy --locked --all-targets -- -D warnings
cargo test --locked
