#!/usr/bin/env bash
# Fuzzing with cargo-fuzz (libFuzzer) on the stable toolchain.
#
#   scripts/fuzz.sh smoke            build every target and run each briefly (CI: ~1 minute)
#   scripts/fuzz.sh long [SECONDS]   the long campaign: each target for SECONDS (default 3600)
#                                    or 10 million runs, whichever comes first
#   scripts/fuzz.sh run TARGET [libFuzzer options…]
#
# cargo-fuzz passes -Z flags to rustc; RUSTC_BOOTSTRAP=1 lets the stable compiler take them,
# and `-s none` (no sanitizer) needs no nightly-only runtime. Corpora live in fuzz/corpus/
# (committed, minimised with `cargo fuzz cmin`); crashes land in fuzz/artifacts/.
set -euo pipefail
cd "$(dirname "$0")/../fuzz"
export RUSTC_BOOTSTRAP=1

if ! cargo fuzz --version >/dev/null 2>&1; then
  cargo install --locked cargo-fuzz >&2
fi

targets() { cargo fuzz list; }

run() {
  local target=$1; shift
  mkdir -p "corpus/$target"
  cargo fuzz run -s none "$target" "corpus/$target" -- -max_len=65536 "$@"
}

case "${1:-smoke}" in
  smoke)
    cargo fuzz build -s none
    for t in $(targets); do
      echo "==> fuzz smoke: $t" >&2
      # A copy of the corpus: a smoke run must not grow the committed one.
      work=$(mktemp -d)
      cp -r "corpus/$t/." "$work/" 2>/dev/null || true
      cargo fuzz run -s none "$t" "$work" -- -max_total_time=4 -max_len=65536 >"$work.log" 2>&1 || {
        cat "$work.log" >&2
        echo "error: fuzz target $t failed" >&2
        exit 1
      }
      grep -E "^Done [0-9]+ runs" "$work.log" >&2 || true
      rm -rf "$work" "$work.log"
    done
    ;;
  long)
    seconds=${2:-3600}
    for t in $(targets); do
      echo "==> fuzz: $t for ${seconds}s or 10M runs" >&2
      run "$t" -max_total_time="$seconds" -runs=10000000
    done
    ;;
  run)
    shift
    run "$@"
    ;;
  *)
    echo "usage: scripts/fuzz.sh smoke | long [SECONDS] | run TARGET [options…]" >&2
    exit 2
    ;;
esac
