#!/usr/bin/env bash
# Benchmark 1: `tags list --json` against an account of 10,000 tags.
# bento-console vs the official Node SDK (bench/node/tags_list.mjs, same
# output byte for byte) vs curl fetching the same URL (the floor).
# Then the same at 100,000 tags (BENCH_LARGE_TAGS, BENCH_LARGE_RUNS runs,
# default 5), and what the client keeps resident after one ~50 MB answer
# once the list is freed (BENCH_RETURN_TAGS, default 355000; 0 skips):
# bench/tools/list_rss.c, linked against the bench build's core.
# Each client runs BENCH_RUNS times, interleaved round by round, after one
# warm-up run each; prints medians, ranges and ratios, and the start-up
# cost of each client without a request (console_start: `bento-console
# help`; node_start: `node -e 0`; sdk_load: node importing the SDK).
set -euo pipefail
source "$(dirname "$0")/lib.sh"

TAGS=${BENCH_TAGS:-10000}
bench_build
bench_need_time
bench_need_node

# Rate limiting off: the benchmark runs ~50 calls within a minute.
sim_start --quiet --rate-limit off --tags "$TAGS"
client_env

# curl reads the keys from a config file, not argv; its own User-Agent
# would be refused as Bento's edge refuses it.
curlcfg=$WORK/curl.cfg
umask 077
cat >"$curlcfg" <<EOF
user = "$BENTO_PUBLISHABLE_KEY:$BENTO_SECRET_KEY"
user-agent = "bento-bench-curl/1.0"
header = "Accept: application/json"
url = "$SIM_URL/fetch/tags?site_uuid=$BENTO_SITE_UUID"
silent
fail
EOF
umask 022


# Sanity: the console and the SDK print the same document.
measure "$WORK/tags.console.json" "$CONSOLE" tags list --json >/dev/null
measure "$WORK/tags.node.json" node "$BENCH_DIR/node/tags_list.mjs" >/dev/null
measure "$WORK/tags.curl.json" curl -K "$curlcfg" >/dev/null
cmp -s "$WORK/tags.console.json" "$WORK/tags.node.json" \
    || die "bento-console and the Node SDK printed different tag lists"
count=$(jq '.data | length' "$WORK/tags.console.json")
[ "$count" -ge "$TAGS" ] || die "expected at least $TAGS tags, got $count"

: >"$WORK/t.console" ; : >"$WORK/t.node" ; : >"$WORK/t.curl"
load0=$(loadavg)
for _ in $(seq 1 "$RUNS"); do
    measure /dev/null "$CONSOLE" tags list --json >>"$WORK/t.console"
    measure /dev/null node "$BENCH_DIR/node/tags_list.mjs" >>"$WORK/t.node"
    measure /dev/null curl -K "$curlcfg" >>"$WORK/t.curl"
done
load1=$(loadavg)
sim_stop

# Start-up floors, no request: node alone, node loading the SDK, and
# bento-console printing its help (all its libraries loaded).
: >"$WORK/t.node_start"; : >"$WORK/t.sdk_load"; : >"$WORK/t.console_start"
for _ in $(seq 1 "$RUNS"); do
    measure /dev/null node -e 0 >>"$WORK/t.node_start"
    (cd "$BENCH_DIR" && measure /dev/null node --input-type=module \
        -e "import '@bentonow/bento-node-sdk'") >>"$WORK/t.sdk_load"
    measure /dev/null "$CONSOLE" help >>"$WORK/t.console_start"
done

printf '\nBenchmark 1: tags list --json, %s tags (%s bytes), %s runs each\n' \
    "$count" "$(stat -c %s "$WORK/tags.console.json")" "$RUNS"
printf 'load average before: %s, after: %s\n' "$load0" "$load1"
printf '%-14s %24s %24s %18s\n' client "wall ms median [min-max]" "cpu ms median [min-max]" \
    "peak RSS MB med"
for c in console node curl console_start node_start sdk_load; do
    read -r wm wl wh <<<"$(summary "$WORK/t.$c" 1)"
    read -r cm cl ch <<<"$(summary "$WORK/t.$c" 5)"
    read -r rm _ _ <<<"$(summary "$WORK/t.$c" 4)"
    printf '%-14s %8.1f [%6.1f-%6.1f] %8.0f [%6.0f-%6.0f] %18.1f\n' "$c" \
        "$(awk -v v="$wm" 'BEGIN{print v*1000}')" "$(awk -v v="$wl" 'BEGIN{print v*1000}')" \
        "$(awk -v v="$wh" 'BEGIN{print v*1000}')" \
        "$(awk -v v="$cm" 'BEGIN{print v*1000}')" "$(awk -v v="$cl" 'BEGIN{print v*1000}')" \
        "$(awk -v v="$ch" 'BEGIN{print v*1000}')" "$(awk -v v="$rm" 'BEGIN{print v/1024}')"
done

# The same at ten times the size (BENCH_LARGE_TAGS, 0 skips): how each
# client scales, beside the target.
LARGE=${BENCH_LARGE_TAGS:-100000}
LARGE_RUNS=${BENCH_LARGE_RUNS:-5}
if [ "$LARGE" -gt 0 ]; then
    sim_start --quiet --rate-limit off --tags "$LARGE"
    client_env
    sed -i "s|^url = .*|url = \"$SIM_URL/fetch/tags?site_uuid=$BENTO_SITE_UUID\"|" "$curlcfg"
    : >"$WORK/t.console_large"; : >"$WORK/t.node_large"; : >"$WORK/t.curl_large"
    measure /dev/null "$CONSOLE" tags list --json >/dev/null
    for _ in $(seq 1 "$LARGE_RUNS"); do
        measure /dev/null "$CONSOLE" tags list --json >>"$WORK/t.console_large"
        measure /dev/null node "$BENCH_DIR/node/tags_list.mjs" >>"$WORK/t.node_large"
        measure /dev/null curl -K "$curlcfg" >>"$WORK/t.curl_large"
    done
    sim_stop
    printf '%s tags, %s runs each:\n' "$((LARGE + 40))" "$LARGE_RUNS"
    for c in console node curl; do
        read -r wm wl wh <<<"$(summary "$WORK/t.${c}_large" 1)"
        read -r rm rl rh <<<"$(summary "$WORK/t.${c}_large" 4)"
        printf '%-14s %8.1f ms wall [%.1f-%.1f] %8.0f ms cpu %8.1f MB peak [%.1f-%.1f] (medians)\n' "$c" \
            "$(awk -v v="$wm" 'BEGIN{print v*1000}')" "$(awk -v v="$wl" 'BEGIN{print v*1000}')" \
            "$(awk -v v="$wh" 'BEGIN{print v*1000}')" \
            "$(awk -v v="$(col "$WORK/t.${c}_large" 5 | median)" 'BEGIN{print v*1000}')" \
            "$(awk -v v="$rm" 'BEGIN{print v/1024}')" "$(awk -v v="$rl" 'BEGIN{print v/1024}')" \
            "$(awk -v v="$rh" 'BEGIN{print v/1024}')"
    done
    lw=$(ratio "$(col "$WORK/t.console_large" 1 | median)" "$(col "$WORK/t.curl_large" 1 | median)")
    lr=$(awk -v v="$(col "$WORK/t.console_large" 4 | median)" 'BEGIN{printf "%.1f", v/1024}')
    printf 'console/curl wall: %s (target <= 1.3)   console peak RSS: %s MB (target <= 32)\n' "$lw" "$lr"
fi

# What stays resident once a ~50 MB list is freed: the client decodes it
# on its worker thread, the caller frees the result.
RETURN=${BENCH_RETURN_TAGS:-355000}
if [ "$RETURN" -gt 0 ]; then
    LIST_RSS=$WORK/list_rss
    cc -O2 -I"$ROOT/include" -o "$LIST_RSS" "$BENCH_DIR/tools/list_rss.c" "$BUILD/libbento_core.a" \
        $(pkg-config --libs libcurl libcjson yajl) -lcsv -lpthread \
        || die "cannot build bench/tools/list_rss.c"
    sim_start --quiet --rate-limit off --tags "$RETURN"
    client_env
    "$LIST_RSS" "$SIM_URL" >/dev/null # warm-up: the simulator's first answer is slower
    "$LIST_RSS" "$SIM_URL" >"$WORK/t.return"
    sim_stop
    read -r _ rn _ rb _ rl _ ra _ rh <"$WORK/t.return"
    printf '%s tags (%s): RSS %s MB before, %s MB loaded, %s MB after free (peak %s MB)\n' \
        "$rn" "~50 MB" "$((rb / 1024))" "$((rl / 1024))" "$((ra / 1024))" "$((rh / 1024))"
fi

cw=$(col "$WORK/t.console" 1 | median); nw=$(col "$WORK/t.node" 1 | median)
cr=$(col "$WORK/t.console" 4 | median); nr=$(col "$WORK/t.node" 4 | median)
uw=$(col "$WORK/t.curl" 1 | median); ur=$(col "$WORK/t.curl" 4 | median)
wall_ratio=$(ratio "$cw" "$nw"); rss_ratio=$(ratio "$cr" "$nr")
printf 'console/node wall: %s (target <= 0.100)   console/node peak RSS: %s (target <= 0.125)\n' \
    "$wall_ratio" "$rss_ratio"
cu_wall=$(ratio "$cw" "$uw")
cu_rss=$(awk -v a="$cr" -v b="$ur" 'BEGIN{printf "%.1f", (a - b) / 1024}')
printf 'console/curl wall: %s (target <= 1.3)   console - curl peak RSS: %s MB (target <= 4)\n' \
    "$cu_wall" "$cu_rss"

result_reset tags_list
result tags_list console_wall_ms "$(awk -v v="$cw" 'BEGIN{printf "%.1f", v*1000}')"
result tags_list node_wall_ms "$(awk -v v="$nw" 'BEGIN{printf "%.1f", v*1000}')"
result tags_list curl_wall_ms "$(awk -v v="$uw" 'BEGIN{printf "%.1f", v*1000}')"
result tags_list console_rss_mb "$(awk -v v="$cr" 'BEGIN{printf "%.1f", v/1024}')"
result tags_list node_rss_mb "$(awk -v v="$nr" 'BEGIN{printf "%.1f", v/1024}')"
result tags_list curl_rss_mb "$(awk -v v="$ur" 'BEGIN{printf "%.1f", v/1024}')"
result tags_list wall_ratio "$wall_ratio"
result tags_list curl_wall_ratio "$cu_wall"
result tags_list curl_rss_over_mb "$cu_rss"
result tags_list rss_ratio "$rss_ratio"
result tags_list load "$load0 / $load1"
[ -s "$WORK/t.curl_large" ] && result tags_list large_curl_wall_ratio "$lw"
if [ -s "$WORK/t.return" ]; then
    result tags_list return_loaded_mb "$((rl / 1024))"
    result tags_list return_after_mb "$((ra / 1024))"
    result tags_list return_before_mb "$((rb / 1024))"
fi
for c in console_large node_large curl_large; do
    [ -s "$WORK/t.$c" ] || continue
    result tags_list "${c}_wall_ms" "$(awk -v v="$(col "$WORK/t.$c" 1 | median)" 'BEGIN{printf "%.1f", v*1000}')"
    result tags_list "${c}_rss_mb" "$(awk -v v="$(col "$WORK/t.$c" 4 | median)" 'BEGIN{printf "%.1f", v/1024}')"
done
for c in console_start node_start sdk_load; do
    result tags_list "${c}_wall_ms" "$(awk -v v="$(col "$WORK/t.$c" 1 | median)" 'BEGIN{printf "%.1f", v*1000}')"
    result tags_list "${c}_rss_mb" "$(awk -v v="$(col "$WORK/t.$c" 4 | median)" 'BEGIN{printf "%.1f", v/1024}')"
done
