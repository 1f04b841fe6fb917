# NTPsec servers and clients. Each daemon gets its own folder under the state dir with its
# config, driftfile, logfile, statsdir and pid file, and runs in the foreground (-n).

# ntpsec_common_conf DIR: lines every lab ntpd shares.
ntpsec_common_conf() {
    local dir=$1
    mkdir -p "$dir/stats"
    cat <<EOF
driftfile $dir/ntp.drift
statsdir $dir/stats/
statistics peerstats clockstats
filegen peerstats file peerstats type none enable
# NTPsec's built-in default is "noquery limited"; no lab client is rate-limited unless its
# fault says so. ntpq answers only hosts named explicitly.
restrict default nomodify noquery
unrestrict default limited
restrict 127.0.0.1
restrict ::1
EOF
}

# ntpsec_server_conf SERVER: an orphan-mode server (stratum 5 at once, no upstream) that never
# disciplines the clock.
ntpsec_server_conf() {
    local name=$1 dir=$LAB_STATE/$1
    mkdir -p "$dir"
    {
        echo "# lab server $name (${LAB_ADDR[$name]}), scenario $LAB_SCENARIO"
        echo "tos orphan 5 orphanwait 0"
        echo "disable ntp"
        ntpsec_common_conf "$dir"
        fault_server_conf "$name" ntpsec
    } >"$dir/ntp.conf"
}

# ntpsec_client_conf NODE SIDE: a fast-polling client of every lab server that never touches
# the clock (`disable ntp`). SIDE is good or bad: only the bad side gets the fault.
ntpsec_client_conf() {
    local node=$1 side=$2 dir=$LAB_STATE/$1 server
    mkdir -p "$dir"
    {
        echo "# lab $side client $node (${LAB_ADDR[$node]}), scenario $LAB_SCENARIO"
        echo "disable ntp"
        ntpsec_common_conf "$dir"
        fault_client_conf "$side" "$dir" ntpsec
        for server in "${LAB_SERVERS[@]}"; do
            echo "server ${LAB_ADDR[$server]} iburst minpoll 0 maxpoll 0$(fault_client_server_opts "$side" "$server")"
        done
    } >"$dir/ntp.conf"
}

# ntpsec_start NODE: starts ntpd for a node whose config is written.
ntpsec_start() {
    local node=$1 dir=$LAB_STATE/$1
    lab_spawn "$node" "$node" ntpd -n -c "$dir/ntp.conf" -p "$dir/ntpd.pid" -l "$dir/ntpd.log"
}

# ntpsec_start_servers: the four orphan-mode servers, configured, started and serving.
ntpsec_start_servers() {
    local server
    for server in "${LAB_SERVERS[@]}"; do
        ntpsec_server_conf "$server"
        ntpsec_start "$server"
    done
    ntpsec_wait_serving "${LAB_SERVERS[@]}"
}

# ntpsec_wait_serving SERVER...: waits until each server answers ntpq with leap 00 (orphan
# mode reached), so clients never start against a server that is not ready.
ntpsec_wait_serving() {
    local node tries
    for node in "$@"; do
        tries=0
        until ip netns exec "$(lab_netns "$node")" ntpq -c "rv 0 leap" 127.0.0.1 2>/dev/null |
            grep -q 'leap=00'; do
            lab_check_alive "$node"
            ((++tries < 50)) || lab_die "ntpd on $node is not serving; see $LAB_STATE/$node/ntpd.log"
            sleep 0.2
        done
    done
}
