#!/usr/bin/env bash
# Smoke test in a real terminal: open `bento-console --demo` in tmux,
# filter the tags, run a `:` command, quit. Skipped (77) without tmux.
set -u
console=${1:?usage: demo_tmux.sh path/to/bento-console}
. "$(dirname "$0")/lib.bash"

start_demo "$console"
wait_for "[DEMO]"
wait_for "affiliate"
keys / v i p Enter
wait_for "1/40 /vip"
keys : 'tags create smoke-tag' Enter
wait_for 'Created tag "smoke-tag"'
keys Escape
wait_for "41 tags"
keys q
wait_for "console-exited-0"
echo "ok"
