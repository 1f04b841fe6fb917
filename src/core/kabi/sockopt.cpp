#include "core/kabi/kabi.hpp"
#include "core/kabi/raw.hpp"

namespace ntpscope::kabi {

namespace {

// ip_mreq, ip_mreqn and ip_mreq_source all start {group, interface address}.
void decode_ipv4_membership(std::span<const uint8_t> optval, size_t min_size, SockOpt& opt) {
    if (optval.size() < min_size) return;
    opt.group = raw::ipv4_at(optval, layout::kImrMultiaddr);
    opt.iface = raw::ipv4_at(optval, layout::kImrInterface);
}

// IP_MULTICAST_IF takes a bare in_addr, or an ip_mreq/ip_mreqn whose second field is the
// interface address.
void decode_multicast_if(std::span<const uint8_t> optval, SockOpt& opt) {
    if (optval.size() >= layout::kIpMreqSize) {
        opt.iface = raw::ipv4_at(optval, layout::kImrInterface);
    } else if (optval.size() >= 4) {
        opt.iface = raw::ipv4_at(optval, 0);
    }
}

void decode_group_req(std::span<const uint8_t> optval, SockOpt& opt) {
    if (optval.size() < layout::kGroupReqSize) return;
    const auto group = decode_sockaddr(optval.subspan(layout::kGrGroup, layout::kSockaddrStorageSize));
    if (group) opt.group = group->without_port();
}

bool is_group_req(int32_t level, int32_t name) {
    const bool ip_level = level == layout::kIpprotoIp || level == layout::kIpprotoIpv6;
    return ip_level && (name == layout::kMcastJoinGroup || name == layout::kMcastLeaveGroup);
}

// Integer options take an int; several IPPROTO_IP ones (IP_MULTICAST_TTL, IP_MULTICAST_LOOP,
// ...) also take a single byte.
void decode_integer(std::span<const uint8_t> optval, SockOpt& opt) {
    if (optval.size() == sizeof(int32_t)) {
        opt.value = raw::load<int32_t>(optval, 0);
    } else if (optval.size() == 1 && opt.level == layout::kIpprotoIp) {
        opt.value = optval[0];
    }
}

}  // namespace

SockOpt decode_sockopt(int32_t level, int32_t name, std::span<const uint8_t> optval) {
    SockOpt opt;
    opt.level = level;
    opt.name = name;
    if (is_group_req(level, name)) {
        decode_group_req(optval, opt);
    } else if (level == layout::kIpprotoIp &&
               (name == layout::kIpAddMembership || name == layout::kIpDropMembership)) {
        decode_ipv4_membership(optval, layout::kIpMreqSize, opt);
    } else if (level == layout::kIpprotoIp && (name == layout::kIpAddSourceMembership ||
                                               name == layout::kIpDropSourceMembership)) {
        decode_ipv4_membership(optval, layout::kIpMreqSourceSize, opt);
    } else if (level == layout::kIpprotoIp && name == layout::kIpMulticastIf) {
        decode_multicast_if(optval, opt);
    } else if (level == layout::kIpprotoIpv6 && (name == layout::kIpv6AddMembership ||
                                                 name == layout::kIpv6DropMembership)) {
        if (optval.size() >= layout::kIpv6MreqSize) {
            opt.group = raw::ipv6_at(optval, layout::kIpv6mrMultiaddr);
        }
    } else {
        decode_integer(optval, opt);
    }
    return opt;
}

}  // namespace ntpscope::kabi
