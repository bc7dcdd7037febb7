#!/usr/bin/env bash
# Runs each fuzz target for SECONDS (default 600), two at a time: new inputs go to
# fuzz/corpus/TARGET (not kept in the repository), starting from the seeds in
# fuzz/seeds/TARGET; a crash is written to fuzz/artifacts/TARGET and the run says FAILED.
# Needs cargo-fuzz (`cargo install cargo-fuzz`); the sanitizer is off (`-s none`), so the
# stable toolchain builds it, with RUSTC_BOOTSTRAP for libFuzzer's compiler flags.
set -euo pipefail
cd "$(dirname "$0")"
seconds=${1:-600}
targets=(plan decoders parse read changeset folder snapshot sealed search workbook)
export RUSTC_BOOTSTRAP=1
cargo fuzz build -s none
run() {
    mkdir -p "corpus/$1" "seeds/$1"
    if cargo fuzz run -s none "$1" "corpus/$1" "seeds/$1" -- -max_total_time="$seconds" \
        -rss_limit_mb=2048 -max_len=65536 -print_final_stats=1 >"logs/$1.log" 2>&1; then
        echo "$1: $(grep -m1 -o 'stat::number_of_executed_units: [0-9]*' "logs/$1.log"), no crash"
    else
        echo "$1: FAILED (see fuzz/logs/$1.log)"
    fi
}
mkdir -p logs
for ((i = 0; i < ${#targets[@]}; i += 2)); do
    run "${targets[i]}" &
    if ((i + 1 < ${#targets[@]})); then run "${targets[i + 1]}" & fi
    wait
done
