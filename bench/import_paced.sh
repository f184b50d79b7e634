#!/usr/bin/env bash
# Benchmark 3: importing 100,000 subscribers against a simulator limited to
# L calls per W ms (default 10/1000). N calls cannot finish before
# (ceil(N/L) - 1) * W ms: 9 s for 100 calls of 1000 rows. Measures the
# command's elapsed time against that ideal, the span from the first call
# to the last as the simulator took them up (at_ms in its journal), and
# the 429 answers in the journal (must be 0).
set -euo pipefail
source "$(dirname "$0")/lib.sh"

N=${BENCH_IMPORT_ROWS:-100000}
PRUNS=${BENCH_PACED_RUNS:-3}
LIMIT=${BENCH_PACED_LIMIT:-10}
WINDOW_MS=${BENCH_PACED_WINDOW_MS:-1000}
bench_build
bench_need_time
"$CONSOLE" help subscribers import >/dev/null 2>&1 \
    || die "this bento-console has no 'subscribers import' yet"

CSV=$WORK/subscribers-$N.csv
[ -s "$CSV" ] || "$BENCH_DIR/gen_subscribers.sh" "$N" "$CSV"
CALLS=$(((N + 999) / 1000))
IDEAL_MS=$(((((CALLS + LIMIT - 1) / LIMIT) - 1) * WINDOW_MS))

: >"$WORK/p.console"; : >"$WORK/p.span"; : >"$WORK/p.429"; : >"$WORK/p.429.detail"
load0=$(loadavg)
for i in $(seq 1 "$PRUNS"); do
    j=$WORK/paced.journal.$i.jsonl
    rm -f "$j"
    sim_start --quiet --seed empty --rate-limit "$LIMIT/$WINDOW_MS" --journal "$j"
    client_env
    rm -rf "$XDG_STATE_HOME"
    measure "$WORK/paced.out" "$CONSOLE" subscribers import "$CSV" --yes \
        --rate-limit "$LIMIT/$WINDOW_MS" >>"$WORK/p.console"
    sim_stop
    rows=$(jq -s '[.[] | select(.path == "/batch/subscribers" and .status < 300) | .records] | add // 0' "$j")
    [ "$rows" -eq "$N" ] || die "the simulator received $rows rows, not $N"
    jq -s '[.[] | select(.status == 429)] | length' "$j" >>"$WORK/p.429"
    # Each 429: which call, and how long after the call L places before it
    # the simulator took it up (its sliding window refuses under W ms).
    jq -s -r --argjson l "$LIMIT" '[.[] | select(.path == "/batch/subscribers")] as $a
        | range($l; $a | length) | select($a[.].status == 429)
        | "run '"$i"': call \(. + 1) answered 429, \($a[.].at_ms - $a[. - $l].at_ms) ms after call \(. + 1 - $l) at the simulator"' \
        "$j" >>"$WORK/p.429.detail"
    # at_ms: when the simulator took up each call (its own clock).
    jq -s '[.[] | select(.path == "/batch/subscribers") | .at_ms] | (max - min) / 1000' "$j" \
        >>"$WORK/p.span"
done
load1=$(loadavg)

em=$(col "$WORK/p.console" 1 | median)
sm=$(median <"$WORK/p.span")
n429=$(awk '{s += $1} END {print s + 0}' "$WORK/p.429")
ideal=$(awk -v v="$IDEAL_MS" 'BEGIN{printf "%.3f", v/1000}')
over=$(awk -v e="$em" -v i="$ideal" 'BEGIN{printf "%.1f", (e - i) * 100 / i}')
span_over=$(awk -v e="$sm" -v i="$ideal" 'BEGIN{printf "%.1f", (e - i) * 100 / i}')

printf '\nBenchmark 3: import %s subscribers at --rate-limit %s/%s (%s calls), %s runs\n' \
    "$N" "$LIMIT" "$WINDOW_MS" "$CALLS" "$PRUNS"
printf 'load average before: %s, after: %s\n' "$load0" "$load1"
printf 'ideal (ceil(N/L)-1)*W: %s s\n' "$ideal"
printf 'command elapsed: median %s s [%s-%s], %s%% over the ideal (target <= 2.5%%)\n' \
    "$(printf '%.3f' "$em")" "$(col "$WORK/p.console" 1 | minimum)" \
    "$(col "$WORK/p.console" 1 | maximum)" "$over"
printf 'first call to last call (server side): median %s s [%s-%s], %s%% over the ideal\n' \
    "$sm" "$(minimum <"$WORK/p.span")" "$(maximum <"$WORK/p.span")" "$span_over"
printf 'CPU median %s s, peak RSS median %s MB\n' "$(col "$WORK/p.console" 5 | median)" \
    "$(awk -v v="$(col "$WORK/p.console" 4 | median)" 'BEGIN{printf "%.1f", v/1024}')"
printf '429 answers over all runs: %s (target 0)\n' "$n429"
cat "$WORK/p.429.detail"
printf 'per run: elapsed s, span s, 429s:\n'
paste <(col "$WORK/p.console" 1) "$WORK/p.span" "$WORK/p.429" | sed 's/^/  /'

result_reset import_paced
result import_paced elapsed_s "$(printf '%.3f' "$em")"
result import_paced span_s "$sm"
result import_paced ideal_s "$ideal"
result import_paced over_pct "$over"
result import_paced span_over_pct "$span_over"
result import_paced count_429 "$n429"
result import_paced load "$load0 / $load1"
