#!/usr/bin/env bash
# A lab of real NTP daemons in network namespaces, with one fault that only the bad client sees.
# See lab/README.md. Needs root. Every instance uses its own namespace prefix, so several can run
# at once; whatever happens (failure, Ctrl-C, SIGTERM), it stops the daemons it started and
# deletes the namespaces it made.
set -euo pipefail

LIB=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib
source "$LIB/common.sh"
source "$LIB/topology.sh"
source "$LIB/ntpsec.sh"
source "$LIB/chrony.sh"
source "$LIB/classic.sh"
source "$LIB/faults.sh"

usage() {
    cat <<EOF
usage: lab/lab.sh up SCENARIO [--chrony] [--build DIR]
           bring the lab up, print its layout, keep it up until Ctrl-C, then tear it down
       lab/lab.sh run SCENARIO [--chrony] [--build DIR] -- COMMAND [ARG...]
           bring the lab up, run COMMAND with the layout in LAB_* variables (and in
           \$LAB_STATE/lab.env), tear the lab down; exits with COMMAND's status
       lab/lab.sh list     the scenarios
       lab/lab.sh clean    remove what lab instances left when they were killed (SIGKILL)

scenarios: $(lab_faults | tr '\n' ' ')
  --chrony     also run a good and a bad chrony client (not for multicast-stuck)
  --build DIR  the build dir holding lab/sim (default: \$NTPSCOPE_BUILD or <repo>/build)
  LAB_KEEP=1   keep the state dir (configs, logs) after teardown
EOF
}

lab_require() {
    [[ $(id -u) == 0 ]] || lab_die "the lab needs root (network namespaces, port 123)"
    local tool
    for tool in "$@"; do
        command -v "$tool" >/dev/null || lab_die "$tool not found; run 'make deps' (cmake/install-deps.sh)"
    done
}

lab_env_line() { printf '%s=%q\n' "$1" "$2"; }

# The layout a recorder or a test needs, as shell assignments.
lab_write_env() {
    local faulty
    faulty=$(fault_faulty_server)
    {
        lab_env_line LAB_SCENARIO "$LAB_SCENARIO"
        lab_env_line LAB_PREFIX "$LAB_PREFIX"
        lab_env_line LAB_STATE "$LAB_STATE"
        lab_env_line LAB_FAULTY_SERVER_NAME "$faulty"
        lab_env_line LAB_FAULTY_SERVER "${faulty:+${LAB_ADDR[$faulty]}}"
        lab_env_line LAB_SERVERS "$(lab_words lab_addr "${LAB_SERVERS[@]}")"
        lab_env_line LAB_SERVER_PIDS "$(lab_words lab_pid "${LAB_SERVERS[@]}")"
        lab_env_line LAB_CLIENT_COMM "$LAB_CLIENT_COMM"
        fault_env
    } >"$LAB_STATE/lab.env"
}

# The good and the bad client's part of lab.env (fault_env of every scenario but the fleet).
lab_pair_env() {
    lab_env_line LAB_GOOD_PID "$(lab_pid good)"
    lab_env_line LAB_BAD_PID "$(lab_pid bad)"
    lab_env_line LAB_GOOD_ADDR "${LAB_ADDR[good]}"
    lab_env_line LAB_BAD_ADDR "${LAB_ADDR[bad]}"
    lab_env_line LAB_GOOD_NETNS "$(lab_netns good)"
    lab_env_line LAB_BAD_NETNS "$(lab_netns bad)"
    if [[ $LAB_CHRONY == 1 ]]; then
        lab_env_line LAB_CHRONY_GOOD_PID "$(lab_pid cgood)"
        lab_env_line LAB_CHRONY_BAD_PID "$(lab_pid cbad)"
        lab_env_line LAB_CHRONY_GOOD_ADDR "${LAB_ADDR[cgood]}"
        lab_env_line LAB_CHRONY_BAD_ADDR "${LAB_ADDR[cbad]}"
    fi
}

lab_pair_role() {
    case $1 in
        good) echo "good client ($LAB_CLIENT_COMM)" ;;
        bad) echo "bad client ($LAB_CLIENT_COMM)" ;;
        cgood) echo "good client (chronyd)" ;;
        cbad) echo "bad client (chronyd)" ;;
    esac
}

lab_pair_hints() {
    if [[ $LAB_CLIENT_COMM == ntpd ]]; then
        printf '  peers: ip netns exec %s ntpq -pn 127.0.0.1\n' "$(lab_netns bad)"
    fi
    if [[ $LAB_CHRONY == 1 ]]; then
        printf '  peers: ip netns exec %s %s -h %s -n sources\n' "$(lab_netns cbad)" \
            "$LAB_CACHE/chrony/usr/bin/chronyc" "$LAB_STATE/cbad/cmd/chronyd.sock"
    fi
    printf '  record: ntpscope record --pid %s -o good.jsonl & ntpscope record --pid %s -o bad.jsonl\n' \
        "$(lab_pid good)" "$(lab_pid bad)"
}

lab_print_layout() {
    local faulty node role
    faulty=$(fault_faulty_server)
    printf 'lab %s: scenario %s%s\n' "$LAB_PREFIX" "$LAB_SCENARIO" \
        "${faulty:+, faulty server $faulty (${LAB_ADDR[$faulty]})}"
    printf '  %-6s %-16s %-14s %-8s %s\n' node netns address pid role
    for node in "${LAB_NODES[@]}"; do
        role=$(fault_role "$node")
        [[ -n $role ]] || role=server
        [[ $node == "$faulty" ]] && role="server, faulty"
        printf '  %-6s %-16s %-14s %-8s %s\n' "$node" "$(lab_netns "$node")" "${LAB_ADDR[$node]}" \
            "$(lab_pid "$node")" "$role"
    done
    printf '  state: %s (layout in lab.env, configs and logs per node)\n' "$LAB_STATE"
    fault_hints
}

# lab_up SCENARIO: builds the topology, applies the fault, starts the daemons.
lab_up() {
    LAB_SCENARIO=$1
    lab_load_fault "$LAB_SCENARIO"
    lab_require ip ntpd ntpq setpriv nft
    if [[ $LAB_CHRONY == 1 ]]; then
        fault_supports_chrony || lab_die "scenario $LAB_SCENARIO has no chrony clients"
        chrony_binary >/dev/null
    fi
    lab_init
    mapfile -t LAB_NODES < <(printf '%s\n' "${LAB_SERVERS[@]}"; fault_clients)
    lab_topology_up "${LAB_NODES[@]}"
    fault_network
    fault_start
    lab_check_alive "${LAB_NODES[@]}"
    lab_write_env
}

# Whatever ends this script, the instance goes away with it.
lab_trap() {
    set -E
    trap 'lab_log "failed at ${BASH_SOURCE[0]##*/}:$LINENO: $BASH_COMMAND"' ERR
    trap 'lab_teardown' EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM HUP
}

lab_clean() {
    local dir pid start
    for dir in "$LAB_RUN_DIR"/*/; do
        [[ -f $dir/owner ]] || continue
        read -r pid start <"$dir/owner"
        if [[ $(lab_starttime "$pid" 2>/dev/null) != "$start" ]]; then
            lab_log "removing ${dir%/}: its owner (pid $pid) is gone"
            lab_teardown "${dir%/}"
        fi
    done
}

main() {
    local cmd=${1:-}
    shift || true
    case $cmd in
        list) lab_fault_summaries; return ;;
        clean) lab_require ip; lab_clean; return ;;
        up | run) ;;
        -h | --help | help) usage; return ;;
        *) usage >&2; exit 2 ;;
    esac
    local scenario=${1:-}
    [[ -n $scenario && $scenario != -* ]] || { usage >&2; exit 2; }
    shift
    LAB_CHRONY=0
    LAB_BUILD=${NTPSCOPE_BUILD:-$LAB_REPO/build}
    while (($# > 0)); do
        case $1 in
            --chrony) LAB_CHRONY=1 ;;
            --build) LAB_BUILD=$(cd "${2:?--build needs a dir}" && pwd); shift ;;
            --) shift; break ;;
            *) usage >&2; exit 2 ;;
        esac
        shift
    done
    [[ $cmd == run && $# == 0 ]] && { usage >&2; exit 2; }
    export LAB_BUILD
    lab_trap
    lab_up "$scenario"
    lab_print_layout >&2
    if [[ $cmd == run ]]; then
        set -a
        source "$LAB_STATE/lab.env"
        set +a
        local rc=0
        "$@" || rc=$?
        exit "$rc"
    fi
    lab_log "up; Ctrl-C tears it down"
    while lab_check_alive "${LAB_NODES[@]}"; do
        sleep 1
    done
}

main "$@"
