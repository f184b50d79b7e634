# shellcheck shell=bash disable=SC2034
# Shared helpers for the benchmark scripts in bench/ (sourced, not run).
#
# Environment:
#   BENCH_BUILD   build directory (default build-bench, configured as Release)
#   BENCH_RUNS    runs per measured command where a script repeats (default 15)
#   BENCH_JOBS    parallel build jobs (default 2)
#   BENCH_NO_BUILD=1  measure the binaries already in BENCH_BUILD
#   BENCH_FROM_HEAD=1 build from a copy of the last commit, not the work tree

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$BENCH_DIR/.." && pwd)
BUILD=${BENCH_BUILD:-$ROOT/build-bench}
RUNS=${BENCH_RUNS:-15}
WORK=$BENCH_DIR/.work
CONSOLE=$BUILD/bento-console
SIM=$BUILD/bento-sim

# Demo credentials of bento-sim (include/bento/sim.h); the sim accepts them
# by default. Handed to clients through the environment, never argv.
DEMO_PUBLISHABLE=pdemo0000000000000000000000000000
DEMO_SECRET=sdemo0000000000000000000000000000
DEMO_SITE=d3m05173000000000000000000000000

export LC_ALL=C.UTF-8
mkdir -p "$WORK"

die() { echo "bench: $*" >&2; exit 1; }
note() { echo "bench: $*" >&2; }

# Release build of the two binaries in $BUILD (incremental), from the work
# tree, or with BENCH_FROM_HEAD=1 from a copy of the last commit (so the
# figures belong to a commit even while the tree holds unfinished edits).
# BENCH_NO_BUILD=1 uses the binaries already there. -Werror is off: a new
# -O3 warning is for CI to catch, not a reason to skip measuring.
bench_build() {
    if [ "${BENCH_NO_BUILD:-0}" = 1 ]; then
        [ -x "$CONSOLE" ] && [ -x "$SIM" ] || die "no binaries in $BUILD"
        return 0
    fi
    local src=$ROOT head
    head=$(git -C "$ROOT" rev-parse HEAD)
    if [ "${BENCH_FROM_HEAD:-0}" = 1 ]; then
        src=$WORK/src
        if [ "$(cat "$src/.commit" 2>/dev/null)" != "$head" ]; then
            rm -rf "$src"
            mkdir -p "$src"
            git -C "$ROOT" archive HEAD | tar -x -C "$src" || die "git archive failed"
            echo "$head" >"$src/.commit"
        fi
    fi
    if [ -f "$BUILD/CMakeCache.txt" ] \
        && ! grep -qx "CMAKE_HOME_DIRECTORY:INTERNAL=$src" "$BUILD/CMakeCache.txt"; then
        die "$BUILD was configured from another source tree; remove it or set BENCH_BUILD"
    fi
    cmake -S "$src" -B "$BUILD" -DCMAKE_BUILD_TYPE=Release -DBENTO_WERROR=OFF >/dev/null \
        || die "cmake failed"
    cmake --build "$BUILD" -j"${BENCH_JOBS:-2}" --target bento-console bento-sim >/dev/null \
        2>"$WORK/build.err" || { cat "$WORK/build.err" >&2; die "build failed"; }
    if [ "$src" = "$ROOT" ] && ! git -C "$ROOT" diff --quiet HEAD -- src include CMakeLists.txt; then
        echo "${head:0:7} + uncommitted changes in the work tree" >"$WORK/built-from"
    else
        echo "${head:0:7}" >"$WORK/built-from"
    fi
}

# /usr/bin/time comes from Debian's `time` package; install it only if missing.
bench_need_time() {
    [ -x /usr/bin/time ] && return 0
    note "installing the 'time' package"
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo=sudo
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends time \
        || die "cannot install /usr/bin/time"
}

# The official SDK (and a CSV parser for the import script) from npm into
# bench/node_modules, pinned by bench/package-lock.json.
bench_need_node() {
    command -v node >/dev/null || die "node is not installed"
    if [ ! -d "$BENCH_DIR/node_modules/@bentonow/bento-node-sdk" ] \
        || [ ! -d "$BENCH_DIR/node_modules/csv-parse" ]; then
        (cd "$BENCH_DIR" && npm ci --no-audit --no-fund --silent) || die "npm ci failed"
    fi
}

# sim_start ARGS...: start bento-sim on an ephemeral port; sets SIM_PID,
# SIM_URL (http://127.0.0.1:PORT/api/v1) and SIM_LOG (its stderr).
# The listening line on stdout is the readiness signal, as in
# tests/support/simproc.c.
sim_start() {
    local out=$WORK/sim.out
    SIM_LOG=$WORK/sim.err
    : >"$out"
    "$SIM" --listen 127.0.0.1:0 "$@" >"$out" 2>"$SIM_LOG" &
    SIM_PID=$!
    for _ in $(seq 1 600); do
        SIM_URL=$(sed -n 's/^bento-sim listening on //p' "$out")
        [ -n "$SIM_URL" ] && return 0
        kill -0 "$SIM_PID" 2>/dev/null || die "bento-sim exited: $(cat "$SIM_LOG")"
        sleep 0.05
    done
    die "bento-sim did not start within 30 s"
}

sim_stop() {
    [ -n "${SIM_PID:-}" ] || return 0
    kill -TERM "$SIM_PID" 2>/dev/null
    wait "$SIM_PID" 2>/dev/null
    SIM_PID=
}
trap sim_stop EXIT

# Environment for bento-console and the Node scripts: the sim's URL, the
# demo keys, and a private HOME so no saved profile is read.
client_env() {
    local home=$WORK/home
    mkdir -p "$home"
    export BENTO_API_BASE_URL=$SIM_URL BENTO_PUBLISHABLE_KEY=$DEMO_PUBLISHABLE
    export BENTO_SECRET_KEY=$DEMO_SECRET BENTO_SITE_UUID=$DEMO_SITE
    export HOME=$home XDG_CONFIG_HOME=$home/config XDG_STATE_HOME=$home/state
    export XDG_DATA_HOME=$home/data NO_COLOR=1
}

# measure OUT CMD...: run CMD once with stdout to OUT; prints
# "wall_s user_s sys_s maxrss_kb" for it. Fails if CMD fails.
# Wall time comes from bash's EPOCHREALTIME (microseconds; /usr/bin/time's
# %e has only centiseconds); CPU and peak RSS from /usr/bin/time (wait4).
measure() {
    local out=$1
    shift
    local tf=$WORK/time.txt t0 t1
    t0=$EPOCHREALTIME
    /usr/bin/time -o "$tf" -f '%U %S %M' "$@" >"$out" 2>"$WORK/cmd.err" \
        || { cat "$WORK/cmd.err" >&2; die "failed: $*"; }
    t1=$EPOCHREALTIME
    echo "$(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.4f", b - a}') $(tail -n 1 "$tf")"
}

# Statistics over whitespace-separated numbers on stdin.
median() { sort -g | awk '{v[NR]=$1} END {if (NR%2) print v[(NR+1)/2]; else print (v[NR/2]+v[NR/2+1])/2}'; }
minimum() { sort -g | head -n 1; }
maximum() { sort -g | tail -n 1; }

# col FILE N: column N of FILE (1 wall, 2 user, 3 sys, 4 maxrss_kb; 5 = user+sys)
col() {
    if [ "$2" = 5 ]; then awk '{printf "%.2f\n", $2 + $3}' "$1"; else awk -v c="$2" '{print $c}' "$1"; fi
}

# summary FILE N: "median min max" of column N
summary() { echo "$(col "$1" "$2" | median) $(col "$1" "$2" | minimum) $(col "$1" "$2" | maximum)"; }

ratio() { awk -v a="$1" -v b="$2" 'BEGIN {if (b > 0) printf "%.3f", a / b; else print "n/a"}'; }

# The load average when a run starts, to record whether the machine was busy.
loadavg() { cut -d' ' -f1-3 /proc/loadavg; }

# Results go to bench/.work/results/NAME.txt as "key value" lines so that
# run-all.sh can print one table.
result() {
    mkdir -p "$WORK/results"
    echo "$2 $3" >>"$WORK/results/$1.txt"
}
result_reset() { mkdir -p "$WORK/results"; : >"$WORK/results/$1.txt"; }
