#!/usr/bin/env bash
# Fuzzing with cargo-fuzz (libFuzzer) on the stable toolchain: `-s none` builds without a
# sanitizer, which needs no nightly flags (coverage instrumentation is -C llvm-args).
#
#   scripts/fuzz.sh smoke                 build every target, run each a few seconds (CI)
#   scripts/fuzz.sh long [SECONDS|-runs=N] [TARGET...]   the long campaign, one target at a time;
#                                         by default each target runs until 10 million
#                                         executions or one hour, whichever comes first
set -euo pipefail
cd "$(dirname "$0")/.."

if ! cargo fuzz --version >/dev/null 2>&1; then
    cargo install cargo-fuzz --locked
fi

mode=${1:-smoke}
shift || true
targets() { cargo fuzz list; }

run() { # target, libFuzzer limits...
    local target=$1
    shift
    mkdir -p "fuzz/corpus/$target"
    cargo fuzz run -s none "$target" "fuzz/corpus/$target" -- "$@" -max_len=8192 \
        -rss_limit_mb=2048 -print_final_stats=1
}

cargo fuzz build -s none
case $mode in
smoke)
    # New inputs go to a scratch folder: the committed corpora only seed the run.
    scratch=$(mktemp -d)
    trap 'rm -rf "$scratch"' EXIT
    for t in $(targets); do
        mkdir -p "$scratch/$t" "fuzz/corpus/$t"
        cargo fuzz run -s none "$t" "$scratch/$t" "fuzz/corpus/$t" -- -max_total_time=5 \
            -max_len=8192 -rss_limit_mb=2048
    done
    ;;
long)
    limit="-runs=10000000 -max_total_time=3600"
    case ${1:-} in
    -runs=*) limit=$1; shift ;;
    [0-9]*) limit="-max_total_time=$1"; shift ;;
    esac
    list=${*:-$(targets)}
    # shellcheck disable=SC2086 # $limit is a list of libFuzzer flags
    for t in $list; do nice -n 15 bash -c "$(declare -f run); run $t $limit"; done
    ;;
*)
    echo "usage: $0 smoke | long [SECONDS|-runs=N] [TARGET...]" >&2
    exit 2
    ;;
esac
