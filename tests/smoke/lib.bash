# Shared by the tmux smoke tests (sourced; not a test itself): a private
# tmux server, clean-up on exit, and a bounded wait for text on the pane.
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

keys() {
    tmux -S "$sock" send-keys -t "$session" "$@"
}

# Start `bento-console --demo` on a 100x30 pane with a private home;
# extra NAME=VALUE words go into its environment.
start_demo() {
    local console=$1
    shift
    tmux -S "$sock" -f /dev/null new-session -d -s "$session" -x 100 -y 30 \
        env -i PATH="$PATH" TERM=xterm-256color LANG=C.UTF-8 LC_ALL=C.UTF-8 HOME="$work" \
        XDG_CONFIG_HOME="$work/config" XDG_STATE_HOME="$work/state" \
        XDG_CACHE_HOME="$work/cache" INPUTRC=/dev/null "$@" \
        sh -c "'$console' --demo --no-mouse; echo console-exited-\$?; sleep 30" || exit 1
}
