# multicast-stuck: the seed's case on a compressed time scale. NTPsec has no multicast modes,
# so both sides are the lab's simulators (lab/sim): each server namespace runs mcastsim-server
# (mode 5 with an MD5 MAC to 224.0.1.1 every 4 s instead of 64 s, each server its own key, as
# in the seed), the clients run mcastsim-client. Both clients make a start-up volley of 8
# requests 2 s apart to every server; the bad client's volley to s51 is cut after 3 requests
# and it keeps polling s51 every 8 s (poll field 10, i.e. 1024 s, as in the seed) while
# ignoring s51's mode-5 packets.

fault_summary() { echo 'the seed'\''s case: the bad client stays a unicast client of s51 (10.123.0.51) (simulated ntpd 4.2 multicast clients)'; }

LAB_MCAST_INTERVAL=4

fault_faulty_server() { echo s51; }
fault_supports_chrony() { false; }

# The seed's servers sign with keys 1-4; the clients trust all four.
lab_mcast_key_id() {
    local i
    for i in "${!LAB_SERVERS[@]}"; do
        if [[ ${LAB_SERVERS[$i]} == "$1" ]]; then
            echo $((i + 1))
            return
        fi
    done
    lab_die "no server $1"
}

lab_sim_binary() {
    local bin=$LAB_BUILD/lab/sim/$1
    [[ -x $bin ]] || lab_die "$bin not found; build it: cmake --build $LAB_BUILD --target mcastsim-server mcastsim-client"
    echo "$bin"
}

fault_start() {
    local server_bin client_bin keys=$LAB_STATE/ntp.keys server trusted=()
    server_bin=$(lab_sim_binary mcastsim-server)
    client_bin=$(lab_sim_binary mcastsim-client)
    : >"$keys"
    for server in "${LAB_SERVERS[@]}"; do
        echo "$(lab_mcast_key_id "$server") MD5 lab-mcast-$server" >>"$keys"
        trusted+=("$(lab_mcast_key_id "$server")")
    done
    chmod 600 "$keys"
    for server in "${LAB_SERVERS[@]}"; do
        lab_spawn "$server" "$server" "$server_bin" --address "${LAB_ADDR[$server]}" \
            --group "$LAB_MCAST_GROUP" --keys "$keys" --key-id "$(lab_mcast_key_id "$server")" \
            --interval "$LAB_MCAST_INTERVAL"
    done
    local common=(--group "$LAB_MCAST_GROUP" --keys "$keys" --trusted "$(
        IFS=,
        echo "${trusted[*]}"
    )" --volley-count 8 --volley-spacing 2 --clock-interval "$LAB_MCAST_INTERVAL")
    # Different fd numbers on the two hosts, as in real life: a diff by raw fd misleads.
    lab_spawn good good "$client_bin" --address "${LAB_ADDR[good]}" "${common[@]}" --fd-base 18
    lab_spawn bad bad "$client_bin" --address "${LAB_ADDR[bad]}" "${common[@]}" --fd-base 22 \
        --stuck "${LAB_ADDR[s51]}" --stuck-after 3 --stuck-interval 8 --stuck-poll 10
    LAB_CLIENT_COMM=mcastsim-client
}
