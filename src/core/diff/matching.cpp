#include "core/diff/matching.hpp"

#include <sys/socket.h>

#include <algorithm>
#include <map>

#include <fmt/format.h>

namespace ntpscope::diff {

using analysis::HostModel;
using analysis::SocketModel;
using analysis::SocketRole;

namespace {

std::string family_name(uint16_t family) {
    if (family == AF_INET) return "IPv4";
    if (family == AF_INET6) return "IPv6";
    return fmt::format("family {}", family);
}

// Both sides of an alias name the same server: fold B onto A.
SockAddr canonical(const SockAddr& address, const std::vector<Alias>& aliases) {
    const SockAddr key = analysis::peer_key(address);
    for (const Alias& alias : aliases)
        if (key == alias.b) return alias.a;
    return key;
}

// Canonical address -> peer index. A host that holds both sides of an alias keeps the second
// one under its own address, so no peer is lost.
std::map<SockAddr, size_t> index_peers(const HostModel& host, const std::vector<Alias>& aliases) {
    std::map<SockAddr, size_t> index;
    for (size_t i = 0; i < host.peers.size(); ++i) {
        const SockAddr& address = host.peers[i].address;
        if (!index.emplace(canonical(address, aliases), i).second) index.emplace(address, i);
    }
    return index;
}

uint64_t traffic(const SocketModel& s) { return s.receive_calls + s.send_calls; }

// Indices of one host's sockets that share an identity, busiest first.
using Groups = std::map<std::string, std::vector<size_t>>;

Groups group_sockets(const HostModel& host, const std::vector<Alias>& aliases) {
    Groups groups;
    for (size_t i = 0; i < host.sockets.size(); ++i)
        groups[socket_identity(host.sockets[i], aliases)].push_back(i);
    for (auto& [identity, list] : groups)
        std::stable_sort(list.begin(), list.end(), [&](size_t x, size_t y) {
            return traffic(host.sockets[x]) > traffic(host.sockets[y]);
        });
    return groups;
}

void pair_group(const std::string& identity, const HostModel& good, std::vector<size_t> g,
                const HostModel& bad, std::vector<size_t> b, std::vector<SocketMatch>& out) {
    std::vector<std::pair<std::optional<size_t>, std::optional<size_t>>> pairs;
    // Equal local addresses first: the same host traced twice keeps its sockets together.
    for (auto gi = g.begin(); gi != g.end();) {
        auto bi = std::find_if(b.begin(), b.end(), [&](size_t j) {
            return bad.sockets[j].local == good.sockets[*gi].local;
        });
        if (bi == b.end()) {
            ++gi;
            continue;
        }
        pairs.emplace_back(*gi, *bi);
        b.erase(bi);
        gi = g.erase(gi);
    }
    for (size_t i = 0; i < std::max(g.size(), b.size()); ++i)
        pairs.emplace_back(i < g.size() ? std::optional(g[i]) : std::nullopt,
                           i < b.size() ? std::optional(b[i]) : std::nullopt);

    for (size_t i = 0; i < pairs.size(); ++i) {
        const SocketModel& s = pairs[i].first ? good.sockets[*pairs[i].first]
                                              : bad.sockets[*pairs[i].second];
        out.push_back(SocketMatch{i == 0 ? identity : fmt::format("{} #{}", identity, i + 1),
                                  s.role, pairs[i].first, pairs[i].second});
    }
}

// Calls pair(key, good value or nullptr, bad value or nullptr) once for every key of either map.
template <typename Map, typename F>
void outer_join(const Map& good, const Map& bad, F pair) {
    for (const auto& [key, value] : good) {
        auto it = bad.find(key);
        pair(key, &value, it == bad.end() ? nullptr : &it->second);
    }
    for (const auto& [key, value] : bad)
        if (!good.count(key)) pair(key, nullptr, &value);
}

}  // namespace

std::string socket_identity(const SocketModel& s, const std::vector<Alias>& aliases) {
    const std::string role(analysis::socket_role_name(s.role));
    switch (s.role) {
        case SocketRole::multicast_group: return fmt::format("{} {}", role, s.local.to_string());
        case SocketRole::connected:
            return fmt::format("{} ->{}", role, canonical(s.remote, aliases).ip_string());
        case SocketRole::wildcard:
        case SocketRole::loopback:
        case SocketRole::interface:
        case SocketRole::other_port: return fmt::format("{} {}", role, family_name(s.family));
        default: return role;
    }
}

std::optional<Alias> parse_alias(std::string_view text) {
    const size_t eq = text.find('=');
    if (eq == std::string_view::npos) return std::nullopt;
    const auto a = SockAddr::parse_ip(text.substr(0, eq));
    const auto b = SockAddr::parse_ip(text.substr(eq + 1));
    if (!a || !b) return std::nullopt;
    return Alias{analysis::peer_key(*a), analysis::peer_key(*b)};
}

std::vector<PeerMatch> match_peers(const HostModel& good, const HostModel& bad,
                                   const std::vector<Alias>& aliases) {
    std::vector<PeerMatch> out;
    outer_join(index_peers(good, aliases), index_peers(bad, aliases),
               [&](const SockAddr&, const size_t* g, const size_t* b) {
                   out.push_back(PeerMatch{g ? good.peers[*g].name() : bad.peers[*b].name(),
                                           g ? std::optional(*g) : std::nullopt,
                                           b ? std::optional(*b) : std::nullopt});
               });
    std::sort(out.begin(), out.end(), [&](const PeerMatch& x, const PeerMatch& y) {
        const SockAddr& ax = x.good ? good.peers[*x.good].address : bad.peers[*x.bad].address;
        const SockAddr& ay = y.good ? good.peers[*y.good].address : bad.peers[*y.bad].address;
        return ax < ay;
    });
    return out;
}

std::vector<SocketMatch> match_sockets(const HostModel& good, const HostModel& bad,
                                       const std::vector<Alias>& aliases) {
    std::vector<SocketMatch> out;
    outer_join(group_sockets(good, aliases), group_sockets(bad, aliases),
               [&](const std::string& identity, const std::vector<size_t>* g, const std::vector<size_t>* b) {
                   pair_group(identity, good, g ? *g : std::vector<size_t>{}, bad,
                              b ? *b : std::vector<size_t>{}, out);
               });
    std::stable_sort(out.begin(), out.end(),
                     [](const SocketMatch& x, const SocketMatch& y) { return x.role < y.role; });
    return out;
}

}  // namespace ntpscope::diff
