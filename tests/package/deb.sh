#!/usr/bin/env bash
# The Debian package: `cpack -G DEB` from the build directory into a
# scratch folder, then its control file (Depends computed by
# dpkg-shlibdeps), its files (binary, man page, completions, copyright)
# and the unpacked binary's --version and help. Skipped (77) without
# dpkg-deb or dpkg-shlibdeps.
set -u
build=$(realpath "${1:?usage: deb.sh BUILD_DIR VERSION}")
version=${2:?usage: deb.sh BUILD_DIR VERSION}
for tool in cpack dpkg-deb dpkg-shlibdeps; do
    command -v "$tool" >/dev/null 2>&1 || {
        echo "$tool not installed (scripts/install-deps installs dpkg-dev): skipped"
        exit 77
    }
done
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
fail() {
    echo "FAIL: $*"
    exit 1
}

cpack -G DEB -B "$scratch/out" --config "$build/CPackConfig.cmake" > "$scratch/cpack.log" 2>&1 ||
    { cat "$scratch/cpack.log"; fail "cpack -G DEB"; }
debs=("$scratch"/out/bento-console_"$version"_*.deb)
[[ -f ${debs[0]} ]] || fail "no bento-console_${version}_*.deb in $(ls "$scratch/out")"
deb=${debs[0]}

depends=$(dpkg-deb -f "$deb" Depends)
[[ -n $depends ]] || fail "Depends is empty"
[[ $depends == *libcurl* ]] || fail "Depends names no libcurl: $depends"
[[ $depends == *libncurses* || $depends == *libtinfo* ]] ||
    fail "Depends names no ncurses: $depends"
[[ $(dpkg-deb -f "$deb" Package) == bento-console ]] || fail "Package is not bento-console"

root=$scratch/root
dpkg-deb -x "$deb" "$root" || fail "dpkg-deb -x"
for f in usr/bin/bento-console usr/bin/bento-sim usr/share/man/man1/bento-console.1 \
    usr/share/bash-completion/completions/bento-console \
    usr/share/zsh/vendor-completions/_bento-console \
    usr/share/fish/vendor_completions.d/bento-console.fish \
    usr/share/doc/bento-console/copyright; do
    [[ -f $root/$f ]] || fail "the package has no /$f"
done
grep -q "GPL-3.0-or-later" "$root/usr/share/doc/bento-console/copyright" ||
    fail "the copyright file names no GPL-3.0-or-later"

bin=$root/usr/bin/bento-console
export HOME=$scratch/home XDG_CONFIG_HOME=$scratch/home/config XDG_CACHE_HOME=$scratch/home/cache
out=$("$bin" --version) || fail "--version exited $?"
[[ $out == "bento-console $version" ]] || fail "--version printed \"$out\""
out=$("$bin" help) || fail "help exited $?"
[[ $out == *"Usage: bento-console"* && $out == *completion* ]] || fail "help printed: $out"
cmp -s <("$bin" completion bash) "$root/usr/share/bash-completion/completions/bento-console" ||
    fail "the packaged bash completion is not what completion bash prints"
echo "ok: $(basename "$deb"), Depends: $depends"
