#!/usr/bin/env bash
# The zsh and fish completion scripts parse in their shells (zsh -n,
# fish --no-execute), and bash's in bash -n; zsh's registers its function. A shell that is not installed
# is left out; with neither zsh nor fish the test is skipped (77).
set -u
console=${1:?usage: completion_shells.sh path/to/bento-console}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
checked=0
for shell in bash zsh fish; do
    "$console" completion "$shell" > "$work/script.$shell" || { echo "FAIL: completion $shell"; exit 1; }
    [[ -s $work/script.$shell ]] || { echo "FAIL: completion $shell printed nothing"; exit 1; }
    command -v "$shell" >/dev/null 2>&1 || { echo "$shell not installed: not checked"; continue; }
    case $shell in
    fish) fish --no-execute "$work/script.$shell" ;;
    *) "$shell" -n "$work/script.$shell" ;;
    esac || { echo "FAIL: the $shell script does not parse"; exit 1; }
    [[ $shell == bash ]] || checked=$((checked + 1))
done
# zsh: sourced after compinit, the function is registered for the command.
if command -v zsh >/dev/null 2>&1; then
    got=$(HOME=$work zsh -f -c 'autoload -Uz compinit && compinit -u -D && source "$1" &&
        print -r -- ${_comps[bento-console]}' zsh "$work/script.zsh")
    [[ $got == _bento_console ]] || { echo "FAIL: zsh registered \"$got\""; exit 1; }
fi
"$console" completion tcsh > /dev/null 2> "$work/err"
rc=$?
[[ $rc -eq 2 ]] || { echo "FAIL: completion tcsh exited $rc, want 2"; exit 1; }
grep -q "bash|zsh|fish" "$work/err" || { echo "FAIL: completion tcsh said: $(cat "$work/err")"; exit 1; }
[[ $checked -gt 0 ]] || { echo "neither zsh nor fish installed: skipped"; exit 77; }
echo "ok"
