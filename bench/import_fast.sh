#!/usr/bin/env bash
# Benchmark 2: importing 100,000 subscribers from a CSV with the
# simulator's rate limiting off. bento-console `subscribers import` vs the
# official Node SDK's importSubscribers in chunks of 1000
# (bench/node/import_subscribers.mjs, which streams the CSV through
# csv-parse). CPU time (user+sys), wall time and peak RSS of the client,
# medians over BENCH_IMPORT_RUNS runs, alternating; each run gets a fresh
# simulator (empty account) and a fresh state directory, and the
# simulator's journal must show every row arrived, with no 429.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

N=${BENCH_IMPORT_ROWS:-100000}
IRUNS=${BENCH_IMPORT_RUNS:-5}
bench_build
bench_need_time
bench_need_node
"$CONSOLE" help subscribers import >/dev/null 2>&1 \
    || die "this bento-console has no 'subscribers import' yet"

CSV=$WORK/subscribers-$N.csv
[ -s "$CSV" ] || "$BENCH_DIR/gen_subscribers.sh" "$N" "$CSV"

# check_journal: rows that reached the sim's /batch/subscribers with 2xx,
# and the count of 429 answers.
check_journal() {
    local rows n429
    rows=$(jq -s '[.[] | select(.path == "/batch/subscribers" and .status < 300) | .records] | add // 0' "$1")
    n429=$(jq -s '[.[] | select(.status == 429)] | length' "$1")
    [ "$rows" -eq "$N" ] || die "the simulator received $rows rows, not $N ($2)"
    [ "$n429" -eq 0 ] || die "$n429 answers were 429 ($2)"
}

one_run() {  # one_run console|node
    local j=$WORK/import.journal.jsonl
    rm -f "$j"
    sim_start --quiet --seed empty --rate-limit off --journal "$j"
    client_env
    rm -rf "$XDG_STATE_HOME"
    if [ "$1" = console ]; then
        measure "$WORK/import.console.out" "$CONSOLE" subscribers import "$CSV" --yes \
            >>"$WORK/i.console"
    else
        measure "$WORK/import.node.out" node "$BENCH_DIR/node/import_subscribers.mjs" "$CSV" \
            >>"$WORK/i.node"
    fi
    sim_stop
    check_journal "$j" "$1"
}

: >"$WORK/i.console"; : >"$WORK/i.node"
load0=$(loadavg)
for _ in $(seq 1 "$IRUNS"); do
    one_run console
    one_run node
done
load1=$(loadavg)

printf '\nBenchmark 2: import %s subscribers (%s bytes of CSV), rate limiting off, %s runs each\n' \
    "$N" "$(stat -c %s "$CSV")" "$IRUNS"
printf 'load average before: %s, after: %s\n' "$load0" "$load1"
printf '%-10s %26s %26s %22s\n' client "CPU s median [min-max]" "wall s median [min-max]" \
    "peak RSS MB [min-max]"
for c in console node; do
    read -r cm cl ch <<<"$(summary "$WORK/i.$c" 5)"
    read -r wm wl wh <<<"$(summary "$WORK/i.$c" 1)"
    read -r rm rl rh <<<"$(summary "$WORK/i.$c" 4)"
    printf '%-10s %8.2f [%6.2f-%6.2f] %10.2f [%6.2f-%6.2f] %8.1f [%5.1f-%5.1f]\n' "$c" \
        "$cm" "$cl" "$ch" "$wm" "$wl" "$wh" \
        "$(awk -v v="$rm" 'BEGIN{print v/1024}')" "$(awk -v v="$rl" 'BEGIN{print v/1024}')" \
        "$(awk -v v="$rh" 'BEGIN{print v/1024}')"
done

cc=$(col "$WORK/i.console" 5 | median); nc=$(col "$WORK/i.node" 5 | median)
cw=$(col "$WORK/i.console" 1 | median); nw=$(col "$WORK/i.node" 1 | median)
cr=$(col "$WORK/i.console" 4 | median); nr=$(col "$WORK/i.node" 4 | median)
crm=$(awk -v v="$cr" 'BEGIN{printf "%.1f", v/1024}')
printf 'console CPU %s s (target < 1 s), peak %s MB (target < 20 MB)\n' "$cc" "$crm"
printf 'console/node: CPU %s, wall %s, peak RSS %s\n' "$(ratio "$cc" "$nc")" "$(ratio "$cw" "$nw")" \
    "$(ratio "$cr" "$nr")"

result_reset import_fast
result import_fast console_cpu_s "$cc"
result import_fast console_wall_s "$(printf '%.2f' "$cw")"
result import_fast console_rss_mb "$crm"
result import_fast node_cpu_s "$nc"
result import_fast node_wall_s "$(printf '%.2f' "$nw")"
result import_fast node_rss_mb "$(awk -v v="$nr" 'BEGIN{printf "%.1f", v/1024}')"
result import_fast cpu_ratio "$(ratio "$cc" "$nc")"
result import_fast wall_ratio "$(ratio "$cw" "$nw")"
result import_fast rss_ratio "$(ratio "$cr" "$nr")"
result import_fast load "$load0 / $load1"
