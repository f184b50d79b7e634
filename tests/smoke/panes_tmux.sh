#!/usr/bin/env bash
# Smoke test in a real terminal: the Subscribers pane creates and shows a
# person, and the Compose pane hands the terminal to $EDITOR and takes it
# back cleanly. Skipped (77) without tmux.
set -u
console=${1:?usage: panes_tmux.sh path/to/bento-console}
command -v tmux >/dev/null 2>&1 || { echo "tmux not installed: skipped"; exit 77; }

work=$(mktemp -d)
sock="$work/tmux.sock"
session=bento-panes
cleanup() {
    tmux -S "$sock" kill-server >/dev/null 2>&1
    rm -rf "$work"
}
trap cleanup EXIT

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

# An editor that owns the terminal until Enter, then writes the body.
cat > "$work/editor.sh" <<'ED'
#!/bin/sh
printf 'EDITOR HAS THE TERMINAL; press Enter\n'
read -r answer
printf '<p>Hello from the editor</p>\n' > "$1"
ED
chmod +x "$work/editor.sh"

tmux -S "$sock" -f /dev/null new-session -d -s "$session" -x 100 -y 30 \
    env -i PATH="$PATH" TERM=xterm-256color LANG=C.UTF-8 LC_ALL=C.UTF-8 HOME="$work" \
    XDG_CONFIG_HOME="$work/config" XDG_STATE_HOME="$work/state" XDG_CACHE_HOME="$work/cache" \
    INPUTRC=/dev/null EDITOR="$work/editor.sh" \
    sh -c "'$console' --demo --no-mouse; echo console-exited-\$?; sleep 30" || exit 1

wait_for "[DEMO]"
wait_for "affiliate"
tmux -S "$sock" send-keys -t "$session" 2
wait_for "No subscribers here yet."
tmux -S "$sock" send-keys -t "$session" n 'smoke@example.com' Enter
wait_for "Create subscriber smoke@example.com?"
tmux -S "$sock" send-keys -t "$session" y
wait_for "Created smoke@example.com"
wait_for "UUID"

tmux -S "$sock" send-keys -t "$session" 3
wait_for "Email  (draft:"
tmux -S "$sock" send-keys -t "$session" Tab Tab Tab Enter
wait_for "EDITOR HAS THE TERMINAL"
tmux -S "$sock" send-keys -t "$session" Enter
wait_for "1 line, 29 bytes: <p>Hello from the editor</p>"
wait_for "[3 Compose]"
tmux -S "$sock" send-keys -t "$session" q
wait_for "console-exited-0"
echo "ok"
