#!/usr/bin/env bash
# gen_subscribers.sh N FILE: a CSV of N subscribers for the import
# benchmarks, the same every time: email, first_name, last_name, tags (two,
# ';' separated) and one custom field, with a quoted field that holds a
# comma on every row so the parser's quoting path is exercised.
set -euo pipefail
n=${1:?usage: gen_subscribers.sh N FILE}
out=${2:?usage: gen_subscribers.sh N FILE}
awk -v n="$n" 'BEGIN {
    print "email,first_name,last_name,tags,company"
    for (i = 1; i <= n; i++)
        printf "bench%07d@example.com,First%d,Last%d,bench;cohort-%d,\"Company %d, Inc.\"\n",
            i, i, i, i % 50, i % 997
}' >"$out.tmp"
mv "$out.tmp" "$out"
