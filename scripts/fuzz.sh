#!/usr/bin/env bash
# Fuzzing with cargo-fuzz (libFuzzer) on the stable toolchain: `-s none` builds without a
# sanitizer, which needs no nightly flags (coverage instrumentation is -C llvm-args).
#
#   scripts/fuzz.sh smoke                 build every target, run each a few seconds (CI)
#   scripts/fuzz.sh long [SECONDS|-runs=N] [TARGET...]   the long campaign, one target at a time;
#                                         by default each target runs until 10 million
#                                         executions or one hour, whichever comes first
#   scripts/fuzz.sh pack [TARGET...]      minimise each target's grown corpus into
#                                         fuzz/corpora/TARGET.tar.xz (committed)
#
# Corpora: fuzz/corpus/TARGET holds a few hand-written seeds; fuzz/corpora/TARGET.tar.xz the
# minimised corpus of the campaigns so far (thousands of small files, kept compressed). A long
# run unpacks the archive into fuzz/grown/TARGET (not committed), grows it there, and `pack`
# minimises it back into the archive.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! cargo fuzz --version >/dev/null 2>&1; then
    cargo install cargo-fuzz --locked
fi

mode=${1:-smoke}
shift || true
targets() { cargo fuzz list; }

unpack() { # target: the committed corpus, unpacked into fuzz/grown/TARGET
    mkdir -p "fuzz/grown/$1" "fuzz/corpus/$1"
    if [ -f "fuzz/corpora/$1.tar.xz" ]; then
        tar -xJf "fuzz/corpora/$1.tar.xz" -C "fuzz/grown/$1"
    fi
}

run() { # target, libFuzzer limits... (new inputs go to the first folder, fuzz/grown)
    local target=$1
    shift
    cargo fuzz run -s none "$target" "fuzz/grown/$target" "fuzz/corpus/$target" -- "$@" \
        -max_len=8192 -rss_limit_mb=2048 -print_final_stats=1
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
    for t in $list; do
        unpack "$t"
        nice -n 15 bash -c "$(declare -f run); run $t $limit"
    done
    ;;
pack)
    mkdir -p fuzz/corpora
    for t in ${*:-$(targets)}; do
        unpack "$t"
        minimal=$(mktemp -d)
        # libFuzzer's merge keeps the smallest set of inputs that covers what all of them do.
        "fuzz/target/$(rustc -vV | sed -n 's/^host: //p')/release/$t" -merge=1 -max_len=8192 \
            -rss_limit_mb=2048 "$minimal" "fuzz/grown/$t" "fuzz/corpus/$t"
        tar -cJf "fuzz/corpora/$t.tar.xz" -C "$minimal" .
        echo "$t: $(find "$minimal" -type f | wc -l) inputs in fuzz/corpora/$t.tar.xz"
        rm -rf "$minimal"
    done
    ;;
*)
    echo "usage: $0 smoke | long [SECONDS|-runs=N] [TARGET...] | pack [TARGET...]" >&2
    exit 2
    ;;
esac
