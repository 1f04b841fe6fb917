# The fault interface. lab/faults/NAME.sh overrides only the hooks it needs; these defaults
# give the healthy lab (`none`): NTPsec servers and identical clients.

# One line for people: what goes wrong, and where.
fault_summary() { :; }
# The server the fault targets (a name from LAB_SERVERS), empty for none.
fault_faulty_server() { :; }
# fault_server_conf SERVER FLAVOR: extra config lines for one server.
fault_server_conf() { :; }
# fault_client_conf SIDE DIR FLAVOR: extra config lines for a client (SIDE good|bad, FLAVOR
# ntpsec|chrony, DIR the client's own folder for any file it needs).
fault_client_conf() { :; }
# fault_client_server_opts SIDE SERVER: extra options on a client's `server` line, with a
# leading space.
fault_client_server_opts() { :; }
# fault_network: changes to the namespaces before any daemon starts.
fault_network() { :; }
# fault_start: starts every daemon and sets LAB_CLIENT_COMM to the clients' command name.
fault_start() { lab_start_ntpsec; }
# Whether the fault can also run with chrony clients.
fault_supports_chrony() { true; }
# fault_clients: the client nodes, one a line: the good and the bad client (and chrony's pair).
fault_clients() {
    echo good
    echo bad
    [[ ${LAB_CHRONY:-0} == 1 ]] && printf '%s\n' cgood cbad
    return 0
}
# The rest describe the clients to people and recorders; the defaults (lab.sh) know the pair.
# fault_role NODE: a client's role in the layout.
fault_role() { lab_pair_role "$1"; }
# fault_env: the clients' lines of lab.env (lab_env_line NAME VALUE).
fault_env() { lab_pair_env; }
# fault_hints: the layout's last lines, how to query and record the clients.
fault_hints() { lab_pair_hints; }

lab_faults() {
    local f
    for f in "$LAB_ROOT"/faults/*.sh; do
        basename "$f" .sh
    done
}

# NAME: summary, one line per fault; each in a subshell so their hooks do not mix.
lab_fault_summaries() {
    local name
    for name in $(lab_faults); do
        (lab_load_fault "$name" && echo "$name: $(fault_summary)")
    done
}

# lab_load_fault NAME: defines the hooks of one fault.
lab_load_fault() {
    [[ -f $LAB_ROOT/faults/$1.sh ]] ||
        lab_die "unknown scenario '$1'; choose one of: $(lab_faults | tr '\n' ' ')"
    # shellcheck source=/dev/null
    source "$LAB_ROOT/faults/$1.sh"
}

# lab_bad_nodes: the clients that see the fault (the NTPsec one and, with --chrony, chrony's).
lab_bad_nodes() {
    echo bad
    [[ ${LAB_CHRONY:-0} == 1 ]] && echo cbad
    return 0
}

# lab_start_ntpsec: the usual daemons: four NTPsec servers, then the clients.
lab_start_ntpsec() {
    ntpsec_start_servers
    ntpsec_client_conf good good
    ntpsec_client_conf bad bad
    ntpsec_start good
    ntpsec_start bad
    if [[ ${LAB_CHRONY:-0} == 1 ]]; then
        chrony_client_conf cgood good
        chrony_client_conf cbad bad
        chrony_start cgood
        chrony_start cbad
    fi
    LAB_CLIENT_COMM=ntpd
}
