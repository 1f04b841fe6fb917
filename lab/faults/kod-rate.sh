# kod-rate: s12 rate-limits the bad client and answers its over-eager polls with KoD RATE.
# The clients poll every ~2 s, far above the 0.2 packets/s that `limit` allows (NTPsec's
# replacement for classic ntpd's `discard`), so the first kisses come within seconds.
# The good client is not `limited`, so s12 answers it normally.

fault_summary() { echo 's12 (10.123.0.12) rate-limits the bad client with Kiss-o'\''-Death RATE'; }

fault_faulty_server() { echo s12; }

fault_server_conf() {
    [[ $1 == s12 ]] || return 0
    echo "# fault kod-rate: rate-limit only the bad client(s) and tell them with KoD RATE"
    echo "limit average 0.2 burst 2 kod 4"
    local node
    for node in $(lab_bad_nodes); do
        echo "restrict ${LAB_ADDR[$node]}/32 limited kod nomodify noquery"
    done
}
