#!/usr/bin/env bash
# The core, the app layer and the command line need no terminal library:
# fail when a test binary of theirs links libncursesw or libreadline.
set -u
status=0
for bin in "$@"; do
    libs=$(ldd "$bin") || { echo "ldd failed on $bin"; exit 1; }
    found=$(grep -oE 'lib(ncursesw?|tinfo|readline)[^ ]*' <<<"$libs" | sort -u | tr '\n' ' ')
    if [ -n "$found" ]; then
        echo "$(basename "$bin") links $found(only the console library may)"
        status=1
    fi
done
[ "$status" = 0 ] && echo "ok: $# binaries link no curses or readline"
exit "$status"
