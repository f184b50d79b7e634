#!/usr/bin/env bash
# Smoke test in a real terminal: the Subscribers pane creates and shows a
# person, and the Compose pane hands the terminal to $EDITOR and takes it
# back cleanly. Skipped (77) without tmux.
set -u
console=${1:?usage: panes_tmux.sh path/to/bento-console}
. "$(dirname "$0")/lib.bash"

# An editor that owns the terminal until Enter, then writes the body.
cat > "$work/editor.sh" <<'ED'
#!/bin/sh
printf 'EDITOR HAS THE TERMINAL; press Enter\n'
read -r answer
printf '<p>Hello from the editor</p>\n' > "$1"
ED
chmod +x "$work/editor.sh"

start_demo "$console" EDITOR="$work/editor.sh"
wait_for "[DEMO]"
wait_for "affiliate"
keys 2
wait_for "ada@example.com"  # the demo opens on its people
keys n 'smoke@example.com' Enter
wait_for "Create subscriber smoke@example.com?"
keys y
wait_for "Created smoke@example.com"
wait_for "UUID"

keys 3
wait_for "Email  (draft:"
keys Tab Tab Tab Enter
wait_for "EDITOR HAS THE TERMINAL"
keys Enter
wait_for "1 line, 29 bytes: <p>Hello from the editor</p>"
wait_for "[3 Compose]"
keys q
wait_for "console-exited-0"
echo "ok"
