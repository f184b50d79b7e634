#!/usr/bin/env bash
# Where the instructions and the heap go in benchmarks 1 and 2: callgrind
# (inclusive instruction counts per function) and massif (peak heap) on
# `tags list --json` against 10,000 tags, and callgrind on importing
# 100,000 subscribers. Output in bench/.work/profile/; the top lines are
# printed. Slow (about a minute); not part of run-all.sh.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

bench_build
command -v valgrind >/dev/null || die "valgrind is not installed (apt-get install valgrind)"
P=$WORK/profile
rm -rf "$P"
mkdir -p "$P"

top() {  # top FILE PATTERN: inclusive counts of the functions named
    callgrind_annotate --inclusive=yes "$1" 2>/dev/null | grep -E "$2" | grep '(' | head -n 20
}

sim_start --quiet --rate-limit off --tags "${BENCH_TAGS:-10000}"
client_env
valgrind --tool=callgrind --callgrind-out-file="$P/tags.cg" "$CONSOLE" tags list --json \
    >/dev/null 2>"$P/tags.cg.err"
valgrind --tool=massif --massif-out-file="$P/tags.massif" "$CONSOLE" tags list --json \
    >/dev/null 2>"$P/tags.massif.err"
sim_stop
echo "== tags list --json: instructions (inclusive)"
grep -E 'refs:' "$P/tags.cg.err" | sed 's/^==[0-9]*== *//'
top "$P/tags.cg" 'worker_main|attempt_done|decode_final|bento_decode_tags|bento_json_parse_object|cJSON_ParseWithLength|cJSON_Delete \[|cli_tags_list|out_json|cJSON_Print'
callgrind_annotate --tree=caller "$P/tags.cg" >"$P/tags.tree" 2>/dev/null || true
echo "== tags list --json: peak heap (massif)"
ms_print "$P/tags.massif" >"$P/tags.massif.txt"
awk '/\(peak\)/ && /Detailed/ {print}' "$P/tags.massif.txt"
peak=$(grep -o '[0-9]* (peak)' "$P/tags.massif.txt" | head -n 1 | cut -d' ' -f1)
awk -v n="$peak" '$1 == n && NF == 6 {print "snapshot " $1 ": total " $3 " B, useful " $4 " B, malloc overhead " $5 " B"}' \
    "$P/tags.massif.txt"

N=${BENCH_IMPORT_ROWS:-100000}
CSV=$WORK/subscribers-$N.csv
[ -s "$CSV" ] || "$BENCH_DIR/gen_subscribers.sh" "$N" "$CSV"
sim_start --quiet --seed empty --rate-limit off
client_env
rm -rf "$XDG_STATE_HOME"
valgrind --tool=callgrind --callgrind-out-file="$P/import.cg" "$CONSOLE" subscribers import \
    "$CSV" --yes >/dev/null 2>"$P/import.cg.err"
sim_stop
echo "== subscribers import ($N rows): instructions (inclusive)"
grep -E 'refs:' "$P/import.cg.err" | sed 's/^==[0-9]*== *//'
top "$P/import.cg" 'bento_import_check|bento_import_run|bento_import_next_request|import_walk_next|import_csv_next|csv_parse|import_map_subscriber|cJSON_PrintUnformatted|import_email|worker_main'
callgrind_annotate --tree=caller "$P/import.cg" >"$P/import.tree" 2>/dev/null || true
