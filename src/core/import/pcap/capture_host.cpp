#include "core/import/pcap/capture_host.hpp"

#include <sys/socket.h>

namespace ntpscope::import::pcap {

namespace {
constexpr uint8_t kClient = 3, kServer = 4, kBroadcast = 5;
}

uint8_t ntp_mode(std::span<const uint8_t> payload) {
    if (payload.empty()) return 0;
    uint8_t version = (payload[0] >> 3) & 7;
    if (version < 1 || version > 4) return 0;
    return payload[0] & 7;
}

bool is_group_address(const SockAddr& addr) {
    if (addr.is_multicast()) return true;
    return addr.family == AF_INET && addr.ip[0] == 255 && addr.ip[1] == 255 && addr.ip[2] == 255 && addr.ip[3] == 255;
}

void HostInference::add(const UdpDatagram& datagram, uint8_t mode) {
    if (mode == 0 || mode == kBroadcast || is_group_address(datagram.dst)) return;
    Score& src = score(datagram.src.without_port());
    Score& dst = score(datagram.dst.without_port());
    ++src.packets;
    ++dst.packets;
    if (mode == kClient) ++src.client;
    if (mode == kServer) ++dst.client;
}

HostInference::Score& HostInference::score(const SockAddr& addr) {
    for (auto& [recent, entry] : recent_)
        if (entry && recent == addr) return *entry;
    Score& entry = scores_[addr];
    recent_[1] = recent_[0];
    recent_[0] = {addr, &entry};
    return entry;
}

std::optional<SockAddr> HostInference::host(uint16_t family) const {
    const std::pair<const SockAddr, Score>* best = nullptr;
    // std::map order makes the choice among equals deterministic (the lowest address).
    for (const auto& entry : scores_)
        if (entry.first.family == family && (!best || best->second < entry.second)) best = &entry;
    if (!best) return std::nullopt;
    return best->first;
}

std::optional<SockAddr> HostInference::main_host() const {
    auto v4 = host(AF_INET);
    auto v6 = host(AF_INET6);
    if (!v4 || !v6) return v4 ? v4 : v6;
    return scores_.at(*v6).packets > scores_.at(*v4).packets ? v6 : v4;
}

}  // namespace ntpscope::import::pcap
