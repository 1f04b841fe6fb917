# classic-server-line: stuck unicast, first mechanism, on real classic ntpd 4.2.8. The bad
# client's ntp.conf has a `server` line for s51, a multicast server: ntpd polls s51 as a unicast
# client from the first minute (ntpq: type `u`) and never makes a multicast association for it,
# so s51's mode-5 packets are ignored. The good client only listens to all four servers.

fault_summary() { echo 'the bad client has a server line for the multicast server s51 (10.123.0.51): classic ntpd polls it, type u'; }

fault_faulty_server() { echo s51; }
fault_supports_chrony() { false; }

fault_client_conf() {
    [[ $1 == bad ]] || return 0
    echo "# fault classic-server-line: a unicast association with a multicast server"
    echo "server ${LAB_ADDR[s51]} key $(classic_key_id s51) minpoll $LAB_CLASSIC_POLL maxpoll $LAB_CLASSIC_POLL"
}

fault_start() { classic_start_lab; }

fault_env() { classic_env; }
fault_hints() { classic_hints; }
