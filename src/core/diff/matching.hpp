// Pairs the good host's peers and sockets with the bad host's. Peers match by address (with
// the user's --alias pairs); sockets by role and identity, never by fd number, which differs
// from host to host.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/analysis/host_model.hpp"

namespace ntpscope::diff {

// "A=B": A and B are the same server (for instance one site's and another site's address).
struct Alias {
    SockAddr a;
    SockAddr b;
};
// Parses "A=B" (IPs without ports); nullopt when either side is not an address.
std::optional<Alias> parse_alias(std::string_view text);

struct PeerMatch {
    std::string name;  // the good host's spelling of the address, else the bad host's
    std::optional<size_t> good;  // index into HostModel::peers
    std::optional<size_t> bad;
};

// Every peer of either host, once; sorted by name.
std::vector<PeerMatch> match_peers(const analysis::HostModel& good, const analysis::HostModel& bad,
                                   const std::vector<Alias>& aliases);

struct SocketMatch {
    std::string identity;  // "multicast_group 224.0.1.1:123", "interface IPv4", "wildcard IPv6"
    analysis::SocketRole role = analysis::SocketRole::unknown;
    std::optional<size_t> good;  // index into HostModel::sockets
    std::optional<size_t> bad;
};

// What a socket is, the same on every host: "multicast_group 224.0.1.1:123" (by its group),
// "connected ->192.0.2.1" (by its server), "interface IPv4" (by role and family: no address).
std::string socket_identity(const analysis::SocketModel& s, const std::vector<Alias>& aliases);

// Sockets of the same role and identity pair up: a multicast group by its group address, a
// connected socket by its server, the NTP-port sockets by role and family. Several interface
// sockets of one family pair by equal address first, then by traffic, busiest first.
std::vector<SocketMatch> match_sockets(const analysis::HostModel& good,
                                       const analysis::HostModel& bad,
                                       const std::vector<Alias>& aliases);

}  // namespace ntpscope::diff
