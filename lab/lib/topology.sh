# The lab's network: one namespace per node, each with an `eth0` veth whose other end sits on a
# bridge in a namespace of its own (`lan`). Addresses exist only inside these namespaces; the
# root namespace gets no interface, so no lab packet can reach a real network.
# Server names follow the seed (s11, s12, s51, s52); the last octet repeats the name.

LAB_SERVERS=(s11 s12 s51 s52)
declare -A LAB_ADDR=(
    [s11]=10.123.0.11 [s12]=10.123.0.12 [s51]=10.123.0.51 [s52]=10.123.0.52
    [good]=10.123.0.101 [bad]=10.123.0.102      # NTPsec clients, or the multicast simulators
    [cgood]=10.123.0.103 [cbad]=10.123.0.104    # chrony clients (--chrony)
)
LAB_PREFIXLEN=24
LAB_MCAST_GROUP=224.0.1.1

# lab_topology_up NODE...: the bridge and one attached namespace per node.
lab_topology_up() {
    local lan
    lab_netns_add lan
    lan=$(lab_netns lan)
    # Snooping off: the bridge floods multicast to every port, as a switch without an IGMP
    # querier does, so group membership never depends on querier timing.
    ip -n "$lan" link add br0 type bridge mcast_snooping 0
    ip -n "$lan" link set br0 up
    local node ns
    for node in "$@"; do
        lab_netns_add "$node"
        ns=$(lab_netns "$node")
        ip -n "$lan" link add "v-$node" type veth peer name eth0 netns "$ns"
        ip -n "$lan" link set "v-$node" master br0 up
        # IPv4 only, like the seed: no link-local IPv6 address whose DAD makes ntpd retry binds.
        ip netns exec "$ns" sysctl -qw net.ipv6.conf.eth0.disable_ipv6=1
        ip -n "$ns" addr add "${LAB_ADDR[$node]}/$LAB_PREFIXLEN" dev eth0
        ip -n "$ns" link set eth0 up
        # Without a default route the kernel has no interface for 224.0.0.0/4.
        ip -n "$ns" route add 224.0.0.0/4 dev eth0
    done
    lab_wait_links "$@"
}

# Waits until every node's eth0 forwards (carrier up on both veth ends): daemons that start
# earlier find no usable interface address.
lab_wait_links() {
    local node tries
    for node in "$@"; do
        tries=0
        until ip -n "$(lab_netns "$node")" -o link show eth0 | grep -q 'state UP'; do
            ((++tries < 50)) || lab_die "eth0 of $node did not come up"
            sleep 0.1
        done
    done
}
