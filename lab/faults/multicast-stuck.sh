# multicast-stuck: the seed's case, the start-up exchange that never ends. The servers and the
# good client are real classic ntpd 4.2.8 (lab/lib/classic.sh): multicast every 8 s, each server
# signing with its own key as in the seed. The bad client is the one thing no real daemon here
# can produce: ntpd 4.2.4's association cleared in the middle of its start-up volley (by a clock
# step, in 2011) and left behind in client mode. mcastsim-client (lab/sim) reproduces it with
# ntpd 4.2.4's syscalls: its volley to s51 is cut after 3 requests, then it keeps polling s51
# from its multicast socket every 8 s with poll field 10 (1024 s in the seed) while ignoring
# s51's mode-5 packets.

fault_summary() { echo 'the seed'\''s case: the bad client stays a unicast client of s51 (10.123.0.51) after its start-up exchange (classic ntpd 4.2.8 servers and good client; the bad ntpd 4.2.4 client simulated)'; }

fault_faulty_server() { echo s51; }
fault_supports_chrony() { false; }

lab_sim_binary() {
    local bin=$LAB_BUILD/lab/sim/$1
    [[ -x $bin ]] || lab_die "$bin not found; build it: cmake --build $LAB_BUILD --target $1"
    echo "$bin"
}

fault_start() {
    local client_bin trusted
    client_bin=$(lab_sim_binary mcastsim-client)
    trusted=$(for s in "${LAB_SERVERS[@]}"; do classic_key_id "$s"; done | paste -sd,)
    classic_start_lab good
    # fd numbers unlike the good client's, as between the seed's hosts: a diff by fd misleads.
    lab_spawn bad bad "$client_bin" --address "${LAB_ADDR[bad]}" --group "$LAB_MCAST_GROUP" \
        --keys "$(classic_keys)" --trusted "$trusted" --volley-count 8 --volley-spacing 2 \
        --clock-interval $((1 << LAB_CLASSIC_POLL)) --fd-base 22 \
        --stuck "${LAB_ADDR[s51]}" --stuck-after 3 --stuck-interval 8 --stuck-poll 10
}

fault_role() {
    case $1 in
        good) echo "good client (classic ntpd 4.2.8)" ;;
        bad) echo "bad client (mcastsim-client: ntpd 4.2.4 simulated)" ;;
    esac
}

fault_env() { classic_env; }
fault_hints() { classic_hints; }
