# Shared by every lab script: logging, the instance's state dir, and the bookkeeping that lets
# teardown remove exactly what this instance made (its pids, its namespaces), nothing else.
# Sourced; expects `set -euo pipefail` in the caller.

LAB_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
LAB_REPO=$(cd "$LAB_ROOT/.." && pwd)
# Every instance keeps its state here, one folder per prefix; `lab.sh clean` looks here for
# instances whose owner was killed before its trap could run.
LAB_RUN_DIR=${LAB_RUN_DIR:-/run/ntpscope-lab}

lab_log() { printf 'lab: %s\n' "$*" >&2; }
lab_die() { printf 'lab: error: %s\n' "$*" >&2; exit 1; }

# Start time of a process in clock ticks since boot: with the pid it names one process for good,
# so teardown never signals a pid the kernel has since given to someone else.
lab_starttime() {
    local stat
    stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
    # Field 22, counted after the command name, which may itself contain spaces or parentheses.
    stat=${stat##*) }
    set -- $stat
    echo "${20}"
}

# A prefix no other live instance uses. Namespace names are global, so they carry it.
lab_new_prefix() {
    local p
    for _ in 1 2 3 4 5 6 7 8; do
        p=nts$(od -An -N3 -tx1 /dev/urandom | tr -d ' \n')
        if [[ ! -e $LAB_RUN_DIR/$p ]] && ! ip netns list 2>/dev/null | grep -q "^$p-"; then
            echo "$p"
            return 0
        fi
    done
    lab_die "could not find a free lab prefix under $LAB_RUN_DIR"
}

# lab_init: creates this instance's state dir and records its owner (the calling shell).
lab_init() {
    mkdir -p "$LAB_RUN_DIR"
    LAB_PREFIX=$(lab_new_prefix)
    LAB_STATE=$LAB_RUN_DIR/$LAB_PREFIX
    mkdir -p "$LAB_STATE/pids"
    : >"$LAB_STATE/netns"
    echo "$$ $(lab_starttime $$)" >"$LAB_STATE/owner"
    export LAB_PREFIX LAB_STATE
    lab_log "instance $LAB_PREFIX, state in $LAB_STATE"
}

# lab_stop_jobs PID...: stops the calling script's own background jobs and waits for them.
lab_stop_jobs() {
    local pid
    for pid in "$@"; do
        kill -TERM "$pid" 2>/dev/null || true
    done
    wait 2>/dev/null || true
}

# lab_netns NODE: the namespace name of one lab node.
lab_netns() { echo "$LAB_PREFIX-$1"; }

# lab_netns_add NODE: creates the node's namespace (recorded first, so a failure half-way
# through still gets it deleted) with loopback up.
lab_netns_add() {
    local ns
    ns=$(lab_netns "$1")
    echo "$ns" >>"$LAB_STATE/netns"
    ip netns add "$ns"
    ip -n "$ns" link set lo up
}

# lab_spawn NAME NODE COMMAND...: runs COMMAND in the node's namespace, in the background,
# without CAP_SYS_TIME. The kernel then refuses every clock change (adjtimex/clock_adjtime with
# modes != 0, settimeofday, clock_settime) while reads with modes 0 still work: NTPsec writes
# STA_PLL and the frequency at start-up even with `disable ntp`, and the clock is the machine's.
# `ip netns exec` and `setpriv` both exec, so $! is the daemon itself.
lab_spawn() {
    local name=$1 node=$2
    shift 2
    mkdir -p "$LAB_STATE/$name"
    ip netns exec "$(lab_netns "$node")" \
        setpriv --bounding-set=-sys_time --inh-caps=-sys_time -- "$@" \
        </dev/null >"$LAB_STATE/$name/console.log" 2>&1 &
    local pid=$!
    local start
    start=$(lab_starttime "$pid") || lab_die "$name exited at once; see $LAB_STATE/$name/console.log"
    echo "$pid $start" >"$LAB_STATE/pids/$name"
}

# lab_pid NAME: the pid of a daemon this instance started.
lab_pid() { cut -d' ' -f1 "$LAB_STATE/pids/$1"; }

# lab_addr NODE: the address of one lab node.
lab_addr() { echo "${LAB_ADDR[$1]}"; }

# lab_words FUNCTION NODE...: "NODE=$(FUNCTION NODE) …", the NAME=VALUE lists of lab.env.
lab_words() {
    local fn=$1 node words=()
    shift
    for node in "$@"; do
        words+=("$node=$("$fn" "$node")")
    done
    echo "${words[*]}"
}

# lab_alive NAME: the daemon is still the process we started.
lab_alive() {
    local pid start
    read -r pid start <"$LAB_STATE/pids/$1"
    [[ $(lab_starttime "$pid" 2>/dev/null) == "$start" ]]
}

# lab_check_alive NAME...: fails with the daemon's last log lines if one of them has exited.
lab_check_alive() {
    local name
    for name in "$@"; do
        if ! lab_alive "$name"; then
            tail -n 5 "$LAB_STATE/$name"/*.log >&2 2>/dev/null || true
            lab_die "$name (pid $(lab_pid "$name")) is not running; logs in $LAB_STATE/$name"
        fi
    done
}

# lab_teardown [STATE]: stops the pids the instance started (only while they are still the
# same processes), deletes its namespaces and, unless LAB_KEEP=1, its state dir. Safe to call
# twice and on a half-built lab; never fails.
lab_teardown() {
    local state=${1:-${LAB_STATE:-}}
    [[ -n $state && -d $state ]] || return 0
    local f pid start live=()
    for f in "$state"/pids/*; do
        [[ -e $f ]] || continue
        read -r pid start <"$f" || continue
        if [[ $(lab_starttime "$pid" 2>/dev/null) == "$start" ]]; then
            kill -TERM "$pid" 2>/dev/null || true
            live+=("$pid $start")
        fi
    done
    local entry waited=0
    while ((${#live[@]} > 0 && waited < 30)); do
        local still=()
        for entry in "${live[@]}"; do
            read -r pid start <<<"$entry"
            [[ $(lab_starttime "$pid" 2>/dev/null) == "$start" ]] && still+=("$entry")
        done
        live=("${still[@]+"${still[@]}"}")
        ((${#live[@]} > 0)) || break
        sleep 0.1
        waited=$((waited + 1))
    done
    for entry in "${live[@]+"${live[@]}"}"; do
        read -r pid start <<<"$entry"
        [[ $(lab_starttime "$pid" 2>/dev/null) == "$start" ]] && kill -KILL "$pid" 2>/dev/null || true
    done
    # Classic labs saved the kernel's timex state; no daemon may have changed it.
    [[ -f $state/timex.before ]] && { classic_check_timex "$state" || true; }
    local ns
    if [[ -f $state/netns ]]; then
        while read -r ns; do
            [[ -n $ns ]] && ip netns del "$ns" 2>/dev/null || true
        done <"$state/netns"
    fi
    if [[ ${LAB_KEEP:-0} == 1 ]]; then
        rm -f "$state/owner"
        lab_log "kept $state (LAB_KEEP=1)"
    else
        rm -rf "$state"
    fi
}
