#!/usr/bin/env bash
# The suite-wide secret grep: run by ctest once every test that writes under
# the test root has finished (FIXTURES_CLEANUP). Every file the tests left
# there (simulator journals, screen dumps, console homes with their drafts,
# template history, exports and logs, $EDITOR and pager environment dumps,
# the simulator's /proc cmdline) and ctest's own record of every test's
# output (sanitizer and valgrind reports included) is searched for the
# suite's secret key and for the Basic credentials that carry it. Any hit
# fails, naming the file; the secret itself is never printed.
#
# Exempt, each for a reason:
#   */bento-console/profiles.json  the credentials store; it must be 0600
#                                  (checked here) and is where keys belong.
#   */editor.sh, on curl -u lines  test_cli_templates and
#                                  test_screen_template_edit play another
#                                  client changing a template on Bento (curl
#                                  -u with the keys) while $EDITOR is open;
#                                  any other line with the key still fails.
#   */script.txt                   the screen harness's key script: the keys
#                                  a test types, the secret among them where
#                                  it types it into the credentials form.
set -u
# SECRET_HEX: the key in hex, so that no command line (ctest logs them) holds it.
hex=${1:?usage: grep.sh SECRET_HEX PUBLISHABLE TEST_ROOT BUILD_DIR}
secret=$(printf "$(printf '%s' "$hex" | sed 's/../\\x&/g')")
[ -n "$secret" ] || { echo "FAIL: no key to look for"; exit 1; }
publishable=${2:?}
root=${3:?}
build=${4:?}
basic=$(printf '%s:%s' "$publishable" "$secret" | base64 -w0)

# hits DIR...: the files under DIR holding the secret or its Basic form,
# one "FILE: what" line each, exemptions applied. One grep reads every file
# (a grep per file took minutes on a loaded machine); the patterns come from
# a 0600 file, so the key is in no grep's argument list either.
hits() {
    find "$@" -path "$work" -prune -o -type f -print0 2>/dev/null | xargs -0 -r grep -laFZ -f "$patterns" -- |
        while IFS= read -r -d '' f; do
        what="Basic credentials of the keys"
        grep -qaF -f "$secret_pattern" -- "$f" && what="the secret key"
        case $f in
        */bento-console/profiles.json)
            mode=$(stat -c %a -- "$f")
            [ "$mode" = 600 ] && continue
            what="$what in a profile file of mode $mode (want 600)"
            ;;
        */script.txt)
            continue
            ;;
        */editor.sh)
            grep -aF -f "$secret_pattern" -- "$f" | grep -qv -e 'curl .* -u ' || continue
            ;;
        esac
        printf '%s: %s\n' "$f" "$what"
    done
}

# The search must be able to fail: a planted file is found, a planted
# Basic header too, an exempt profile is not.
canary=$(mktemp -d)
trap 'rm -rf "$canary" "$work"' EXIT
work=$(mktemp -d)
secret_pattern=$work/secret
patterns=$work/patterns
printf '%s\n' "$secret" > "$secret_pattern"
printf '%s\n%s\n' "$secret" "$basic" > "$patterns"
printf 'key=%s\n' "$secret" > "$canary/plain"
printf 'Authorization: Basic %s\n' "$basic" > "$canary/header"
mkdir -p "$canary/bento-console"
printf '{"secret_key":"%s"}\n' "$secret" > "$canary/bento-console/profiles.json"
chmod 600 "$canary/bento-console/profiles.json"
planted=$(hits "$canary" | wc -l)
if [ "$planted" != 2 ]; then
    echo "FAIL: the grep found $planted of 2 planted copies of the secret in $canary"
    exit 1
fi

targets=()
[ -d "$root" ] && targets+=("$root")
for log in "$build"/Testing/Temporary/LastTest*.log "$build"/valgrind; do
    [ -e "$log" ] && targets+=("$log")
done
if [ ${#targets[@]} = 0 ]; then
    echo "nothing to search: no $root (run the suite first)"
    exit 0
fi
files=$(find "${targets[@]}" -type f | wc -l)
journals=$(find "${targets[@]}" -type f -name 'journal.jsonl' | wc -l)
cmdlines=$(find "${targets[@]}" -type f -name '*.cmdline' | wc -l)
envs=$(find "${targets[@]}" -type f -name '*.env' | wc -l)
found=$(hits "${targets[@]}")
echo "searched $files files ($journals journals, $cmdlines cmdline captures, $envs child environments)"
if [ -n "$found" ]; then
    echo "FAIL: the secret key is in files the tests wrote:"
    printf '%s\n' "$found"
    exit 1
fi
echo "ok: the secret key is in no file but the 0600 profiles"
