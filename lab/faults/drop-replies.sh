# drop-replies: s52's replies never reach the bad client. Its requests still leave (the trace
# shows sendto to s52 and no answer); an nftables rule in the bad client's own namespace drops
# the replies on the way in.

fault_summary() { echo 'the replies of s52 (10.123.0.52) are dropped in the bad client'\''s namespace'; }

fault_faulty_server() { echo s52; }

fault_network() {
    local node
    for node in $(lab_bad_nodes); do
        ip netns exec "$(lab_netns "$node")" nft -f - <<NFT
table inet ntpscope_lab {
    chain input {
        type filter hook input priority filter; policy accept;
        ip saddr ${LAB_ADDR[s52]} udp sport 123 drop
    }
}
NFT
    done
}
