#!/usr/bin/env bash
# Smoke test in a real terminal: open `bento-console --demo` in tmux,
# filter the tags, run a `:` command, quit. Skipped (77) without tmux.
set -u
console=${1:?usage: demo_tmux.sh path/to/bento-console}
command -v tmux >/dev/null 2>&1 || { echo "tmux not installed: skipped"; exit 77; }

work=$(mktemp -d)
sock="$work/tmux.sock"
session=bento-smoke
cleanup() {
    tmux -S "$sock" kill-server >/dev/null 2>&1
    rm -rf "$work"
}
trap cleanup EXIT

# Wait (bounded) until the pane shows the text; no fixed sleeps.
wait_for() {
    local text=$1 i
    for ((i = 0; i < 100; i++)); do
        if tmux -S "$sock" capture-pane -p -t "$session" 2>/dev/null | grep -qF -- "$text"; then
            return 0
        fi
        sleep 0.1
    done
    echo "FAIL: \"$text\" never appeared; the pane shows:"
    tmux -S "$sock" capture-pane -p -t "$session"
    exit 1
}

tmux -S "$sock" -f /dev/null new-session -d -s "$session" -x 100 -y 30 \
    env -i PATH="$PATH" TERM=xterm-256color LANG=C.UTF-8 LC_ALL=C.UTF-8 HOME="$work" \
    XDG_CONFIG_HOME="$work/config" XDG_STATE_HOME="$work/state" INPUTRC=/dev/null \
    sh -c "'$console' --demo --no-mouse; echo console-exited-\$?; sleep 30" || exit 1

wait_for "[DEMO]"
wait_for "affiliate"
tmux -S "$sock" send-keys -t "$session" / v i p Enter
wait_for "1/40 /vip"
tmux -S "$sock" send-keys -t "$session" : 'tags create smoke-tag' Enter
wait_for 'Created tag "smoke-tag"'
tmux -S "$sock" send-keys -t "$session" Escape
wait_for "41 tags"
tmux -S "$sock" send-keys -t "$session" q
wait_for "console-exited-0"
echo "ok"
