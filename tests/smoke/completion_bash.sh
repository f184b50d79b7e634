#!/usr/bin/env bash
# The bash completion script, sourced in a non-interactive bash: what
# COMPREPLY holds for partial command lines (a command, a subcommand, a
# flag, a profile name, a tag name from the cache, a file after -f), and
# that no answer holds a key. The profiles and the tag cache are files in
# a private home; nothing here talks to a server.
set -u
console=$(realpath "${1:?usage: completion_bash.sh path/to/bento-console}")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export HOME="$work" XDG_CONFIG_HOME="$work/config" XDG_CACHE_HOME="$work/cache"
unset BENTO_SECRET_KEY BENTO_PUBLISHABLE_KEY BENTO_SITE_UUID BENTO_API_BASE_URL
secret=sk-completion-must-not-show-this
mkdir -p "$work/config/bento-console" "$work/cache/bento-console" "$work/files"
cat > "$work/config/bento-console/profiles.json" <<JSON
{"current":"staging","profiles":{
 "staging":{"publishable_key":"pk1","secret_key":"$secret","site_uuid":"s1"},
 "production":{"publishable_key":"pk2","secret_key":"$secret","site_uuid":"s2"}}}
JSON
chmod 600 "$work/config/bento-console/profiles.json"
printf 'vip\nvisitor\nnewsletter\n' > "$work/cache/bento-console/tags-staging.txt"
printf 'from-prod\n' > "$work/cache/bento-console/tags-production.txt"
: > "$work/files/people.csv"
: > "$work/files/pets.csv"

"$console" completion bash > "$work/complete.bash" || { echo "FAIL: completion bash"; exit 1; }
fails=0

# expect "LINE" "EXPECTED": the words COMPREPLY holds for LINE (the
# cursor at its end), sorted and joined by spaces.
expect() {
    local line=$1 want=$2 got
    got=$(cd "$work/files" && bash --norc --noprofile -c '
        . "$1"
        read -ra COMP_WORDS <<< "$2"
        [[ $2 == *" " ]] && COMP_WORDS+=("")
        COMP_WORDS[0]=$3
        COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
        _bento_console
        printf "%s\n" "${COMPREPLY[@]}" | sort | paste -sd " "
    ' complete "$work/complete.bash" "$line" "$console")
    if [[ $got != "$want" ]]; then
        echo "FAIL: \"$line\": got \"$got\", want \"$want\""
        fails=$((fails + 1))
    fi
    if [[ $got == *"$secret"* ]]; then
        echo "FAIL: \"$line\" completed to the secret key"
        fails=$((fails + 1))
    fi
}

expect "bento-console ta" "tags"
expect "bento-console prof" "profile"
expect "bento-console tags " "create delete list"
expect "bento-console subscribers un" "unset-field unsubscribe untag"
expect "bento-console subscribers import people.csv --re" "--rejects --restart --resume"
expect "bento-console emails send --html-f" "--html-file"
expect "bento-console profile use " "production staging"
expect "bento-console profile remove st" "staging"
expect "bento-console --profile p" "production"
expect "bento-console tags delete vi" "vip visitor"
expect "bento-console subscribers tag " "newsletter vip visitor"
expect "bento-console --profile production subscribers tag " "from-prod"
expect "bento-console subscribers tag vip -f pe" "people.csv pets.csv"
expect "bento-console emails send --html-file peo" "people.csv"
expect "bento-console completion " "bash fish zsh"
expect "bento-console help tags c" "create"
expect "bento-console tags create " ""

# A cache older than its lifetime is not offered.
touch -d '2 hours ago' "$work/cache/bento-console/tags-staging.txt"
expect "bento-console subscribers tag " ""

[[ $fails -eq 0 ]] || exit 1
echo "ok"
