#!/usr/bin/env bash
# Runs each fuzz target for SECONDS (default 600), two at a time, on the corpus in
# fuzz/corpus/TARGET; crashes go to fuzz/artifacts/TARGET. Needs cargo-fuzz; the sanitizer is
# off (`-s none`) so a stable toolchain builds it (RUSTC_BOOTSTRAP for libFuzzer's flags).
set -euo pipefail
cd "$(dirname "$0")"
seconds=${1:-600}
targets=(plan decoders parse read changeset)
export RUSTC_BOOTSTRAP=1
cargo fuzz build -s none
run() {
    cargo fuzz run -s none "$1" "corpus/$1" -- -max_total_time="$seconds" \
        -rss_limit_mb=2048 -max_len=65536 -print_final_stats=1 >"logs/$1.log" 2>&1 \
        && echo "$1: done" || echo "$1: FAILED (see fuzz/logs/$1.log)"
}
mkdir -p logs
for ((i = 0; i < ${#targets[@]}; i += 2)); do
    run "${targets[i]}" &
    if ((i + 1 < ${#targets[@]})); then run "${targets[i + 1]}" & fi
    wait
done
