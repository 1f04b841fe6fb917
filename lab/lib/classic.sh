# Classic ntpd 4.2.8p15 (Debian 11's, the seed's daemon family) in the lab: multicast servers,
# each signing with its own key as in the seed, and multicast clients that trust all four keys.
# lab/classic/fetch.sh provides the daemon; it runs from that unpacked tree with LD_LIBRARY_PATH,
# like every lab daemon without CAP_SYS_TIME (lab_spawn). Classic ntpd calls ntp_adjtime at
# start-up even with `disable ntp`; those calls fail with EPERM, and lab_up checks the kernel's
# timex state before and after the lab (classic_timex).

# The mode-5 interval is 2^3 = 8 s (ntpd's smallest poll) instead of the seed's 64 s.
LAB_CLASSIC_POLL=3

# classic_root: the unpacked packages (fetched and checked once per shell).
classic_root() {
    if [[ -z ${LAB_CLASSIC_ROOT:-} ]]; then
        LAB_CLASSIC_ROOT=$("$LAB_ROOT/classic/fetch.sh") || lab_die "classic ntpd is not available (lab/classic/fetch.sh)"
    fi
    echo "$LAB_CLASSIC_ROOT"
}

# classic_run PROGRAM ARG...: one of the package's programs (ntpd, ntpq, ntptime) with its libraries.
classic_run() {
    local root prog=$1
    shift
    root=$(classic_root)
    local bin=$root/usr/sbin/$prog
    [[ -x $bin ]] || bin=$root/usr/bin/$prog
    LD_LIBRARY_PATH=$root/usr/lib/x86_64-linux-gnu "$bin" "$@"
}

# classic_timex: the kernel's clock discipline state (modes 0, a pure read): offset, frequency,
# status and time constant. The error estimates are left out: they grow on their own.
classic_timex() {
    classic_run ntptime 2>/dev/null | sed -n '/^  offset/p; /^  status/p; /time constant/s/, precision.*//p'
}

# classic_key_id SERVER: the seed's servers sign with keys 1-4, one each.
classic_key_id() {
    local i
    for i in "${!LAB_SERVERS[@]}"; do
        if [[ ${LAB_SERVERS[$i]} == "$1" ]]; then
            echo $((i + 1))
            return
        fi
    done
    lab_die "no server $1"
}

# classic_keys: one keys file for the whole lab (every client knows every server's key).
classic_keys() {
    local keys=$LAB_STATE/ntp.keys server
    if [[ ! -s $keys ]]; then
        for server in "${LAB_SERVERS[@]}"; do
            echo "$(classic_key_id "$server") MD5 lab-mcast-$server"
        done >"$keys"
        chmod 600 "$keys"
    fi
    echo "$keys"
}

classic_common_conf() {
    local dir=$1
    mkdir -p "$dir/stats"
    cat <<EOC
driftfile $dir/ntp.drift
statsdir $dir/stats/
statistics peerstats
filegen peerstats file peerstats type none enable
disable ntp
restrict default nomodify noquery
restrict 127.0.0.1
keys $(classic_keys)
EOC
}

# classic_server_conf SERVER: an orphan-mode server (synchronised after 1 s, stratum 5) that
# multicasts to the group every 8 s, signed with its own key.
classic_server_conf() {
    local name=$1 dir=$LAB_STATE/$1 id
    id=$(classic_key_id "$name")
    mkdir -p "$dir"
    {
        echo "# lab classic server $name (${LAB_ADDR[$name]}), scenario $LAB_SCENARIO"
        classic_common_conf "$dir"
        echo "trustedkey $id"
        # orphanwait 0 would keep the default 300 s; servers multicast only once synchronised.
        echo "tos orphan 5 orphanwait 1"
        echo "broadcast $LAB_MCAST_GROUP key $id ttl 1 minpoll $LAB_CLASSIC_POLL"
        fault_server_conf "$name" classic
    } >"$dir/ntp.conf"
}

# classic_client_conf NODE SIDE: a multicast client of the group, trusting every server's key.
classic_client_conf() {
    local node=$1 side=$2 dir=$LAB_STATE/$1
    mkdir -p "$dir"
    {
        echo "# lab classic $side client $node (${LAB_ADDR[$node]}), scenario $LAB_SCENARIO"
        classic_common_conf "$dir"
        echo "trustedkey $(for s in "${LAB_SERVERS[@]}"; do classic_key_id "$s"; done | tr '\n' ' ')"
        echo "multicastclient $LAB_MCAST_GROUP"
        fault_client_conf "$side" "$dir" classic
    } >"$dir/ntp.conf"
}

# classic_start NODE [GATE]: starts classic ntpd for a node whose config is written. With a
# GATE file, the process first waits (at most 60 s) until the file exists and then becomes ntpd
# (same pid, exec): a recorder attached before the gate opens sees the daemon's whole life, and
# reach can then match ntpq exactly.
classic_start() {
    local node=$1 gate=${2:-/} dir=$LAB_STATE/$1 root
    root=$(classic_root)
    lab_spawn "$node" "$node" sh -c 'i=0; while [ ! -e "$0" ] && [ $i -lt 600 ]; do sleep 0.1; i=$((i + 1)); done; exec "$@"' "$gate" \
        env LD_LIBRARY_PATH="$root/usr/lib/x86_64-linux-gnu" \
        "$root/usr/sbin/ntpd" -n -c "$dir/ntp.conf" -p "$dir/ntpd.pid" -l "$dir/ntpd.log"
}

# classic_gate NODE: the file that lets a gated client start (LAB_CLIENT_GATE=1), else nothing.
classic_gate() { [[ ${LAB_CLIENT_GATE:-0} == 1 ]] && echo "$LAB_STATE/$1/start-gate" || true; }

# classic_ntpq NODE ARG...: the node's own classic ntpq, inside its namespace.
classic_ntpq() {
    local node=$1 root
    shift
    root=$(classic_root)
    ip netns exec "$(lab_netns "$node")" env LD_LIBRARY_PATH="$root/usr/lib/x86_64-linux-gnu" \
        "$root/usr/bin/ntpq" "$@"
}

# classic_wait_serving SERVER...: waits until each server is synchronised (leap 00, orphan
# mode), the point from which it multicasts.
classic_wait_serving() {
    local node tries
    for node in "$@"; do
        tries=0
        until classic_ntpq "$node" -c "rv 0 leap" 127.0.0.1 2>/dev/null | grep -q 'leap=00'; do
            lab_check_alive "$node"
            ((++tries < 50)) || lab_die "classic ntpd on $node is not serving; see $LAB_STATE/$node/ntpd.log"
            sleep 0.2
        done
    done
}

# classic_start_servers: the four multicast servers, configured, started and multicasting.
classic_start_servers() {
    local server
    for server in "${LAB_SERVERS[@]}"; do
        classic_server_conf "$server"
        classic_start "$server"
    done
    classic_wait_serving "${LAB_SERVERS[@]}"
}

# classic_start_clients NODE...: a classic multicast client per node (the bad side for `bad`).
# With LAB_CLIENT_GATE=1 each waits for its gate (classic_start), which capture.sh opens once
# its recorders are attached.
classic_start_clients() {
    local node side
    for node in "$@"; do
        side=good
        [[ $node == bad ]] && side=bad
        classic_client_conf "$node" "$side"
        classic_start "$node" "$(classic_gate "$node")"
    done
}

# The kernel's timex state before the lab, compared at teardown (lab_teardown_checks).
classic_save_timex() { classic_timex >"$LAB_STATE/timex.before"; }

# classic_check_timex STATE: says so, loudly, when the kernel's timex state differs from the one
# saved before the lab started (some daemon did change the machine's clock discipline).
classic_check_timex() {
    local state=$1 after
    after=$(classic_timex)
    if [[ $after != "$(cat "$state/timex.before")" ]]; then
        lab_log "error: the kernel's timex state changed while the lab ran; before:"
        sed 's/^/lab:   /' "$state/timex.before" >&2
        lab_log "after:"
        sed 's/^/lab:   /' <<<"$after" >&2
        return 1
    fi
}

# classic_start_lab [CLIENT...]: a classic scenario's daemons: the timex state saved, the four
# servers multicasting, then the clients (default: the good and the bad one).
classic_start_lab() {
    classic_save_timex
    classic_start_servers
    (($# > 0)) || set -- good bad
    classic_start_clients "$@"
    LAB_CLIENT_COMM=ntpd
}

# classic_env: the pair's lines of lab.env, plus where classic ntpq is (capture.sh asks each
# classic client's ntpq for its peers the moment its recording ends).
classic_env() {
    lab_pair_env
    lab_env_line LAB_CLASSIC_ROOT "$(classic_root)"
    lab_env_line LAB_START_GATES "$(lab_words classic_gate $(fault_clients) | sed 's/[a-z]*= *//g')"
}

# classic_hints: how to query (with classic ntpq: its `t` letters are the ones to compare) and record.
classic_hints() {
    printf '  peers: ip netns exec %s env LD_LIBRARY_PATH=%s %s -pn 127.0.0.1\n' "$(lab_netns good)" \
        "$(classic_root)/usr/lib/x86_64-linux-gnu" "$(classic_root)/usr/bin/ntpq"
    printf '  record: ntpscope record --pid %s -o good.jsonl & ntpscope record --pid %s -o bad.jsonl\n' \
        "$(lab_pid good)" "$(lab_pid bad)"
}
