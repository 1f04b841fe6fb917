# fleet: many clients, a few of them faulty, for `ntpscope fleet`. LAB_FLEET_CLIENTS NTPsec
# clients c01, c02, … (default 12, at 10.123.0.111 and up) poll the four servers; the clients
# named in LAB_FLEET_FAULTS (default c04=drop-replies,c09=kod-rate) each get that scenario's
# fault, the others are healthy. A fault fits if it sits on the NTPsec daemons and one server
# (kod-rate, drop-replies, bad-key).
# Each fault is made exactly as in its own scenario: its hooks run in a subshell where only that
# fault is loaded and lab_bad_nodes names the clients that have it; the hooks here join what the
# faults say. A client's SIDE, for these hooks, is its own name.

LAB_FLEET_CLIENTS=${LAB_FLEET_CLIENTS:-12}
LAB_FLEET_FAULTS=${LAB_FLEET_FAULTS:-c04=drop-replies,c09=kod-rate}
LAB_FLEET_FIRST_HOST=110 # c01 is 10.123.0.111

fleet_client() { printf 'c%02d\n' "$1"; }

# fleet_hook FAULT HOOK ARG...: one of FAULT's hooks, with no other fault's hooks around.
fleet_hook() {
    local fault=$1
    shift
    (
        source "$LAB_ROOT/lib/faults.sh"
        lab_load_fault "$fault"
        lab_bad_nodes() {
            local client
            for client in "${!LAB_FLEET_FAULT[@]}"; do
                [[ ${LAB_FLEET_FAULT[$client]} == "$fault" ]] && echo "$client"
            done
            return 0
        }
        "$@"
    )
}

# The faulty clients, in order; the faults given, each once; a client's fault and the address
# of the server it is about.
fleet_faulty_clients() { printf '%s\n' "${!LAB_FLEET_FAULT[@]}" | sort; }
fleet_faults() { printf '%s\n' "${LAB_FLEET_FAULT[@]}" | sort -u; }
fleet_fault() { echo "${LAB_FLEET_FAULT[$1]}"; }
fleet_faulty_server() { lab_addr "$(fleet_hook "$(fleet_fault "$1")" fault_faulty_server)"; }

# fleet_each HOOK ARG...: HOOK of every fault given, in turn.
fleet_each() {
    local fault
    for fault in $(fleet_faults); do
        fleet_hook "$fault" "$@"
    done
}

# fleet_each_side HOOK CLIENT ARG...: HOOK of every fault, with SIDE bad if CLIENT has it.
fleet_each_side() {
    local hook=$1 client=$2 fault side
    shift 2
    for fault in $(fleet_faults); do
        side=good
        [[ ${LAB_FLEET_FAULT[$client]:-} == "$fault" ]] && side=bad
        fleet_hook "$fault" "$hook" "$side" "$@"
    done
}

fault_summary() { echo "$LAB_FLEET_CLIENTS NTPsec clients, faults on some of them: ${LAB_FLEET_FAULTS//,/ }"; }
fault_supports_chrony() { false; }
fault_server_conf() { fleet_each fault_server_conf "$@"; }
fault_network() { fleet_each fault_network; }
fault_client_conf() { fleet_each_side fault_client_conf "$@"; }
fault_client_server_opts() { fleet_each_side fault_client_server_opts "$@"; }

fault_clients() {
    local i
    for ((i = 1; i <= LAB_FLEET_CLIENTS; i++)); do
        fleet_client "$i"
    done
}

fault_start() {
    local client
    ntpsec_start_servers
    for client in $(fault_clients); do
        ntpsec_client_conf "$client" "$client"
        ntpsec_start "$client"
    done
    LAB_CLIENT_COMM=ntpd
}

fault_role() {
    [[ $1 == c[0-9]* ]] || return 0
    local fault=${LAB_FLEET_FAULT[$1]:-}
    echo "client (ntpd)${fault:+, $fault on $(fleet_faulty_server "$1")}"
}

fault_env() {
    lab_env_line LAB_FLEET_CLIENT_PIDS "$(lab_words lab_pid $(fault_clients))"
    lab_env_line LAB_FLEET_CLIENT_ADDRS "$(lab_words lab_addr $(fault_clients))"
    lab_env_line LAB_FLEET_FAULTS "$(lab_words fleet_fault $(fleet_faulty_clients))"
    lab_env_line LAB_FLEET_FAULTY_SERVERS "$(lab_words fleet_faulty_server $(fleet_faulty_clients))"
}

fault_hints() {
    printf '  peers: ip netns exec %s ntpq -pn 127.0.0.1\n' "$(lab_netns "$(fleet_faulty_clients | head -n 1)")"
    printf '  record: lab/capture.sh OUTDIR (one recorder per client, then ntpscope fleet OUTDIR/traces)\n'
}

# The clients' addresses and faults, checked before anything is built.
fleet_load() {
    [[ $LAB_FLEET_CLIENTS =~ ^[0-9]+$ ]] && ((LAB_FLEET_CLIENTS >= 2 && LAB_FLEET_CLIENTS <= 99)) ||
        lab_die "LAB_FLEET_CLIENTS=$LAB_FLEET_CLIENTS: want 2 to 99 clients"
    local i entry client fault
    for ((i = 1; i <= LAB_FLEET_CLIENTS; i++)); do
        LAB_ADDR[$(fleet_client "$i")]=10.123.0.$((LAB_FLEET_FIRST_HOST + i))
    done
    declare -gA LAB_FLEET_FAULT=()
    for entry in ${LAB_FLEET_FAULTS//,/ }; do
        client=${entry%%=*} fault=${entry#*=}
        [[ -n ${LAB_ADDR[$client]:-} && $client == c[0-9]* ]] ||
            lab_die "LAB_FLEET_FAULTS: no client $client (c01 to $(fleet_client "$LAB_FLEET_CLIENTS"))"
        # Joinable: the fault names a server and keeps the usual daemons (default fault_start).
        [[ $fault != fleet && -n $(fleet_hook "$fault" fault_faulty_server) &&
            $(fleet_hook "$fault" declare -f fault_start) == *lab_start_ntpsec* ]] ||
            lab_die "LAB_FLEET_FAULTS: $fault cannot be given to one client of a fleet"
        LAB_FLEET_FAULT[$client]=$fault
    done
}

fleet_load
