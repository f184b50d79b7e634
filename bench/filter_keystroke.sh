#!/usr/bin/env bash
# Benchmark 4: the console filtering 100,000 tags, cost per keystroke from
# the key to the drawn screen.
#
# The console runs in script mode (tests/screen/README.md): keys come from
# a file, the screen is drawn by ncurses onto a virtual terminal, and each
# script line waits on the idle barrier, so the whole tag list is loaded
# before the first key. Every key is handled and the screen redrawn before
# the next (tui_main.c run_loop), so a keystroke's cost is filter + draw.
#
# Under callgrind the load of 100,000 tags takes longer than the script
# mode's 20 s idle limit, so those runs see a monotonic clock running 10
# times slower (bench/tools/slowclock.c, LD_PRELOAD); nothing else changes.
#
# Instructions (the stable figure): valgrind --tool=callgrind with
# --zero-before=prompt_open, so counting starts at the `/` that opens the
# filter prompt and the load of the 100,000 tags is left out. A script with
# K filter keys and one with none differ only in those keys:
# (Ir_K - Ir_0) / K is the count per keystroke.
#
# Time: the same two scripts natively with KN keys (CPU time, user+sys,
# medians, and minima for the least disturbed runs); (cpu_KN - cpu_0) / KN
# is the time per keystroke, and instructions / time gives this machine's
# instructions per ns for this workload.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

TAGS=${BENCH_TAGS:-100000}
ROWS=${BENCH_ROWS:-40}
COLS=${BENCH_COLS:-120}
CG_RUNS=${BENCH_CG_RUNS:-3}
NATIVE_RUNS=${BENCH_NATIVE_RUNS:-9}
NATIVE_REPS=${BENCH_NATIVE_REPS:-32}   # 16 keys each
bench_build
bench_need_time
command -v valgrind >/dev/null || die "valgrind is not installed (apt-get install valgrind)"

FK=$WORK/filter
rm -rf "$FK"
mkdir -p "$FK"
SLOWCLOCK=$FK/slowclock.so
cc -O2 -shared -fPIC -o "$SLOWCLOCK" "$BENCH_DIR/tools/slowclock.c" -ldl \
    || die "cannot build bench/tools/slowclock.c"

# One round is 16 keys: type "tag-0500" (100,040 -> 100,001 -> ... -> 100
# matches) and erase it again with Backspace. Each key on its own line.
round() {
    local k
    for k in t a g - 0 5 0 0; do echo "$k"; done
    for k in 1 2 3 4 5 6 7 8; do echo "<BS>"; done
}

# script FILE REPS: load, open the filter prompt, REPS rounds, cancel.
script() {
    {
        echo "@wait-idle"
        echo "/"
        local i
        for ((i = 0; i < $2; i++)); do round; done
        echo "<Esc>"
    } >"$1"
}

console() {
    LINES=$ROWS COLUMNS=$COLS TERM=xterm BENTO_CONSOLE_FAKE_CLOCK=1 INPUTRC=/dev/null \
        BENTO_CONSOLE_SCRIPT=$1 "${@:2}"
}

sim_start --quiet --rate-limit off --tags "$TAGS"
client_env

# Sanity: the filter does what the benchmark says it does.
cat >"$FK/check.txt" <<'EOF'
@wait-idle
@expect-text 100040 tags
/
t
a
g
-
0
5
0
0
@expect-text 100/100040
<Esc>
EOF
sed -i "s/100040/$((TAGS + 40))/g" "$FK/check.txt"
console "$FK/check.txt" "$CONSOLE" >/dev/null 2>"$FK/check.err" \
    || die "the sanity script failed: $(cat "$FK/check.err")"

# Instruction counts under callgrind.
K=16
script "$FK/cg_k.txt" 1
script "$FK/cg_0.txt" 0
: >"$FK/ir_k"; : >"$FK/ir_0"
load0=$(loadavg)
for i in $(seq 1 "$CG_RUNS"); do
    for v in k 0; do
        console "$FK/cg_$v.txt" env LD_PRELOAD="$SLOWCLOCK" BENCH_SLOW_CLOCK=10 \
            valgrind --tool=callgrind --zero-before=prompt_open \
            --callgrind-out-file="$FK/cg.$v.$i" "$CONSOLE" >/dev/null 2>"$FK/vg.err" \
            || die "callgrind run failed: $(tail -5 "$FK/vg.err")"
        awk '/^totals:/ {print $2}' "$FK/cg.$v.$i" >>"$FK/ir_$v"
    done
done

# Native CPU time.
KN=$((16 * NATIVE_REPS))
script "$FK/n_k.txt" "$NATIVE_REPS"
script "$FK/n_0.txt" 0
: >"$FK/t_k"; : >"$FK/t_0"
for i in $(seq 1 "$NATIVE_RUNS"); do
    for v in k 0; do
        console "$FK/n_$v.txt" measure /dev/null "$CONSOLE" >>"$FK/t_$v"
    done
done
load1=$(loadavg)
sim_stop

irk=$(median <"$FK/ir_k"); ir0=$(median <"$FK/ir_0")
per_key_ir=$(awk -v a="$irk" -v b="$ir0" -v k="$K" 'BEGIN {printf "%.0f", (a - b) / k}')
spread=$(awk -v a="$(minimum <"$FK/ir_k")" -v b="$(maximum <"$FK/ir_k")" \
    'BEGIN {printf "%.0f", b - a}')
ck=$(col "$FK/t_k" 5 | median); c0=$(col "$FK/t_0" 5 | median)
per_key_ms=$(awk -v a="$ck" -v b="$c0" -v k="$KN" 'BEGIN {printf "%.3f", (a - b) * 1000 / k}')
ipns=$(awk -v ir="$per_key_ir" -v ms="$per_key_ms" 'BEGIN {if (ms > 0) printf "%.2f", ir / (ms * 1e6); else print "n/a"}')
# The least disturbed runs: on a shared machine, neighbours only ever add
# time, and this scan is memory-bound, so the minimum is the figure for a
# quiet machine.
bk=$(col "$FK/t_k" 5 | minimum); b0=$(col "$FK/t_0" 5 | minimum)
best_ms=$(awk -v a="$bk" -v b="$b0" -v k="$KN" 'BEGIN {printf "%.3f", (a - b) * 1000 / k}')
best_ipns=$(awk -v ir="$per_key_ir" -v ms="$best_ms" 'BEGIN {if (ms > 0) printf "%.2f", ir / (ms * 1e6); else print "n/a"}')

# Where the instructions of one K run go (inclusive, per call).
callgrind_annotate --inclusive=yes "$FK/cg.k.1" >"$FK/annotate.txt" 2>/dev/null || true
callgrind_annotate --tree=calling "$FK/cg.k.1" >"$FK/tree.txt" 2>/dev/null || true

printf '\nBenchmark 4: filter keystroke, %s tags, %sx%s screen\n' "$((TAGS + 40))" "$ROWS" "$COLS"
printf 'load average before: %s, after: %s\n' "$load0" "$load1"
printf 'callgrind: %s runs; Ir after "/" with %s keys: median %s (spread %s); with 0 keys: median %s\n' \
    "$CG_RUNS" "$K" "$irk" "$spread" "$ir0"
printf 'instructions per keystroke: %s\n' "$per_key_ir"
printf 'native: %s runs; CPU with %s keys: median %s s; with 0 keys: median %s s\n' \
    "$NATIVE_RUNS" "$KN" "$ck" "$c0"
printf 'time per keystroke (native CPU): medians %s ms (target < 1 ms), %s instructions/ns\n' \
    "$per_key_ms" "$ipns"
printf '                                 minima  %s ms, %s instructions/ns (CPU with %s keys %s s, with 0 keys %s s)\n' \
    "$best_ms" "$best_ipns" "$KN" "$bk" "$b0"
printf 'console peak RSS with %s tags: %s MB\n' "$((TAGS + 40))" \
    "$(awk -v v="$(col "$FK/t_0" 4 | median)" 'BEGIN{printf "%.1f", v/1024}')"
printf 'top functions by inclusive instructions in one %s-key run (bench/.work/filter/annotate.txt):\n' "$K"
grep -E 'tui_handle_key|prompt_key|tags_model_filter|tui_set_filter|tui_draw[^_]|rl_callback_read_char|doupdate|wnoutrefresh|strstr|lowered' \
    "$FK/annotate.txt" | grep "(" | head -n 14 || true

result_reset filter_keystroke
result filter_keystroke ir_per_key "$per_key_ir"
result filter_keystroke ms_per_key "$per_key_ms"
result filter_keystroke ir_per_ns "$ipns"
result filter_keystroke best_ms_per_key "$best_ms"
result filter_keystroke best_ir_per_ns "$best_ipns"
result filter_keystroke rss_mb "$(awk -v v="$(col "$FK/t_0" 4 | median)" 'BEGIN{printf "%.1f", v/1024}')"
result filter_keystroke load "$load0 / $load1"
