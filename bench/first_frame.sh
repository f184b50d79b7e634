#!/usr/bin/env bash
# Benchmark 5: the console's start-up in --demo, from exec to the first
# frame on screen and to the first complete frame (the demo's tags drawn).
#
# The console runs in script mode (tests/screen/README.md) on a virtual
# 40x120 terminal whose bytes go to a file (BENTO_CONSOLE_TERM_OUT).
# First frame: the first write() to that file, stamped by an LD_PRELOAD
# shim (bench/tools/first_write.c). Complete frame: the script's only key
# line, `@dump`, waits on the idle barrier (no request in flight, no
# result queued), so the dump is written once the demo's list has arrived
# and been drawn; its modification time. Both less the time just before
# exec (bash's EPOCHREALTIME); tear-down is not counted. Runs
# BENCH_FRAME_RUNS times (default 21) after one warm-up run and reports
# the median and the range. BENCH_FRAME_CONSOLE measures another binary
# (a build of an earlier commit, say) with the same script.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

FRUNS=${BENCH_FRAME_RUNS:-21}
bench_build
BIN=${BENCH_FRAME_CONSOLE:-$CONSOLE}

FF=$WORK/first_frame
rm -rf "$FF"
mkdir -p "$FF/home"
cc -O2 -shared -fPIC -o "$FF/first_write.so" "$BENCH_DIR/tools/first_write.c" -ldl \
    || die "cannot build bench/tools/first_write.c"
printf '%s\n' "@dump idle.txt" "@expect-text tags" >"$FF/script.txt"

# A private HOME: no saved profile, history or cache is read.
run_once() {
    rm -f "$FF/first.txt" "$FF/idle.txt"
    : >"$FF/term.out"
    local t0
    t0=$EPOCHREALTIME
    HOME=$FF/home XDG_CONFIG_HOME=$FF/home/config XDG_STATE_HOME=$FF/home/state \
        XDG_DATA_HOME=$FF/home/data XDG_CACHE_HOME=$FF/home/cache NO_COLOR=1 \
        LINES=40 COLUMNS=120 TERM=xterm BENTO_CONSOLE_FAKE_CLOCK=1 INPUTRC=/dev/null \
        BENTO_CONSOLE_SCRIPT=$FF/script.txt BENTO_CONSOLE_TERM_OUT=$FF/term.out \
        BENCH_FIRST_WRITE=$FF/term.out BENCH_FIRST_WRITE_OUT=$FF/first.txt \
        LD_PRELOAD=$FF/first_write.so "$BIN" --demo >/dev/null 2>"$FF/err" \
        || die "the console failed: $(cat "$FF/err")"
    [ -s "$FF/first.txt" ] || die "no write to the virtual terminal was seen"
    awk -v t0="$t0" -v a="$(cat "$FF/first.txt")" -v b="$(stat -c %.9Y "$FF/idle.txt")" \
        'BEGIN {printf "%.2f %.2f\n", (a - t0) * 1000, (b - t0) * 1000}'
}

run_once >/dev/null # warm-up: page cache, first demo state
: >"$FF/t"
load0=$(loadavg)
for _ in $(seq 1 "$FRUNS"); do run_once >>"$FF/t"; done
load1=$(loadavg)

range() { echo "$(col "$FF/t" "$1" | minimum)-$(col "$FF/t" "$1" | maximum)"; }
first=$(col "$FF/t" 1 | median)
idle=$(col "$FF/t" 2 | median)
printf '\nBenchmark 5: start to first frame, bento-console --demo, 40x120, %s runs\n' "$FRUNS"
printf 'load average before: %s, after: %s\n' "$load0" "$load1"
printf 'first frame (first bytes to the terminal): median %s ms [%s]\n' "$first" "$(range 1)"
printf 'first complete frame (idle barrier, tags drawn): median %s ms [%s] (target <= 50 ms)\n' \
    "$idle" "$(range 2)"

result_reset first_frame
result first_frame first_ms "$first"
result first_frame first_range "$(range 1)"
result first_frame idle_ms "$idle"
result first_frame idle_range "$(range 2)"
result first_frame load "$load0 / $load1"
