#!/usr/bin/env bash
# Runs every benchmark in bench/ and prints one table of the figures and
# targets. Not part of CI. Environment: see bench/lib.sh (BENCH_RUNS,
# BENCH_BUILD, BENCH_NO_BUILD, ...). Takes about five minutes on 2 cores.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

bench_build
export BENCH_NO_BUILD=1
rm -rf "$WORK/results"

status=()
for b in tags_list import_fast import_paced filter_keystroke first_frame; do
    echo "== $b" >&2
    if "$BENCH_DIR/$b.sh"; then status+=("$b ok"); else status+=("$b FAILED"); fi
done

get() { awk -v k="$2" '$1 == k {$1 = ""; sub(/^ /, ""); print}' "$WORK/results/$1.txt" 2>/dev/null; }
verdict() { awk -v v="$1" -v t="$2" -v op="$3" 'BEGIN {
    if (v == "" || v == "n/a") { print "-"; exit }
    ok = (op == "<=") ? (v <= t) : (op == "<") ? (v < t) : (v == t)
    print ok ? "met" : "MISSED" }'; }

echo
echo "bento-console benchmarks (built from $(cat "$WORK/built-from" 2>/dev/null || echo '?'), $(nproc) CPUs, load $(loadavg))"
printf '%-44s %-22s %-14s %s\n' figure measured target verdict
row() { printf '%-44s %-22s %-14s %s\n' "$1" "$2" "$3" "$4"; }

r=tags_list
row "1 tags list: console wall (median)" "$(get $r console_wall_ms) ms" "" ""
row "1 tags list: Node SDK wall (median)" "$(get $r node_wall_ms) ms" "" ""
row "1 tags list: curl wall (median, floor)" "$(get $r curl_wall_ms) ms" "" ""
row "1 tags list: console / Node wall" "$(get $r wall_ratio)" "<= 0.100" "$(verdict "$(get $r wall_ratio)" 0.1 '<=')"
row "1 tags list: console peak RSS" "$(get $r console_rss_mb) MB" "" ""
row "1 tags list: Node SDK peak RSS" "$(get $r node_rss_mb) MB" "" ""
row "1 tags list: console / Node peak RSS" "$(get $r rss_ratio)" "<= 0.125" "$(verdict "$(get $r rss_ratio)" 0.125 '<=')"
row "1 start-up: console help, node -e 0" "$(get $r console_start_wall_ms) ms, $(get $r node_start_wall_ms) ms" "" ""
row "1 tags list: console / curl wall" "$(get $r curl_wall_ratio)" "<= 1.3" "$(verdict "$(get $r curl_wall_ratio)" 1.3 '<=')"
row "1 tags list: console - curl peak RSS" "$(get $r curl_rss_over_mb) MB" "<= 4 MB" "$(verdict "$(get $r curl_rss_over_mb)" 4 '<=')"
row "1 100k tags: console wall, peak RSS" "$(get $r console_large_wall_ms) ms, $(get $r console_large_rss_mb) MB" "<= 32 MB" "$(verdict "$(get $r console_large_rss_mb)" 32 '<=')"
row "1 100k tags: console / curl wall" "$(get $r large_curl_wall_ratio)" "<= 1.3" "$(verdict "$(get $r large_curl_wall_ratio)" 1.3 '<=')"
row "1 100k tags: Node SDK wall, peak RSS" "$(get $r node_large_wall_ms) ms, $(get $r node_large_rss_mb) MB" "" ""
row "1 100k tags: curl wall, peak RSS" "$(get $r curl_large_wall_ms) ms, $(get $r curl_large_rss_mb) MB" "" ""
row "1 50 MB list: RSS loaded, after free" "$(get $r return_loaded_mb) MB, $(get $r return_after_mb) MB" "" ""

r=import_fast
row "2 import 100k: console CPU (median)" "$(get $r console_cpu_s) s" "< 1 s" "$(verdict "$(get $r console_cpu_s)" 1 '<')"
row "2 import 100k: console wall (median)" "$(get $r console_wall_s) s" "" ""
row "2 import 100k: console peak RSS" "$(get $r console_rss_mb) MB" "< 20 MB" "$(verdict "$(get $r console_rss_mb)" 20 '<')"
row "2 import 100k: Node SDK CPU / wall" "$(get $r node_cpu_s) s / $(get $r node_wall_s) s" "" ""
row "2 import 100k: Node SDK peak RSS" "$(get $r node_rss_mb) MB" "" ""
row "2 import 100k: console / Node CPU, wall" "$(get $r cpu_ratio), $(get $r wall_ratio)" "" ""
row "2 import 100k: console / Node peak RSS" "$(get $r rss_ratio)" "" ""

r=import_paced
row "3 paced import: elapsed (median)" "$(get $r elapsed_s) s" "" ""
row "3 paced import: ideal (ceil(N/L)-1)*W" "$(get $r ideal_s) s" "" ""
row "3 paced import: over the ideal" "$(get $r over_pct) %" "<= 2.5 %" "$(verdict "$(get $r over_pct)" 2.5 '<=')"
row "3 paced import: 429 answers" "$(get $r count_429)" "0" "$(verdict "$(get $r count_429)" 0 '==')"

r=filter_keystroke
row "4 filter: instructions per keystroke" "$(get $r ir_per_key)" "" ""
row "4 filter: time per keystroke" "$(get $r ms_per_key) ms" "< 1 ms" "$(verdict "$(get $r ms_per_key)" 1 '<')"
row "4 filter: per keystroke, least disturbed" "$(get $r best_ms_per_key) ms" "< 1 ms" "$(verdict "$(get $r best_ms_per_key)" 1 '<')"
row "4 filter: instructions per ns (median, best)" "$(get $r ir_per_ns), $(get $r best_ir_per_ns)" "" ""
row "4 filter: console peak RSS, 100k tags" "$(get $r rss_mb) MB" "<= 48 MB" "$(verdict "$(get $r rss_mb)" 48 '<=')"

r=first_frame
row "5 --demo: first frame (median)" "$(get $r first_ms) ms [$(get $r first_range)]" "" ""
row "5 --demo: first complete frame (median)" "$(get $r idle_ms) ms [$(get $r idle_range)]" "<= 50 ms" "$(verdict "$(get $r idle_ms)" 50 '<=')"

echo
printf '%s\n' "${status[@]}"
