#include "core/kabi/kabi.hpp"
#include "core/kabi/raw.hpp"

namespace ntpscope::kabi {

namespace {

uint16_t network_port_at(std::span<const uint8_t> raw, size_t at) {
    return static_cast<uint16_t>((raw[at] << 8) | raw[at + 1]);
}

}  // namespace

std::optional<SockAddr> decode_sockaddr(std::span<const uint8_t> raw) {
    if (!raw::has(raw, 0, sizeof(uint16_t))) return std::nullopt;
    const auto family = raw::load<uint16_t>(raw, 0);
    // The minimum lengths are the kernel's own: bind/connect refuse anything shorter.
    if (family == layout::kAfInet && raw.size() >= layout::kSockaddrInSize) {
        SockAddr a = raw::ipv4_at(raw, layout::kSinAddr);
        a.port = network_port_at(raw, layout::kSinPort);
        return a;
    }
    if (family == layout::kAfInet6 && raw.size() >= layout::kSockaddrIn6MinSize) {
        SockAddr a = raw::ipv6_at(raw, layout::kSin6Addr);
        a.port = network_port_at(raw, layout::kSin6Port);
        return a;
    }
    return std::nullopt;
}

}  // namespace ntpscope::kabi
