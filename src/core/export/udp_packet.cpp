#include "core/export/udp_packet.hpp"

#include <netinet/in.h>
#include <sys/socket.h>

#include <algorithm>

namespace ntpscope::pcapng {

namespace {

constexpr uint8_t kTtl = 64;
constexpr size_t kIpv4Header = 20, kIpv6Header = 40, kUdpHeader = 8;
constexpr uint32_t kMaxIpv4Payload = 65535 - kIpv4Header - kUdpHeader;

void put16(std::vector<uint8_t>& out, size_t at, uint32_t value) {
    out[at] = static_cast<uint8_t>(value >> 8);
    out[at + 1] = static_cast<uint8_t>(value);
}

// RFC 1071 one's-complement sum, not yet folded.
uint32_t sum16(std::span<const uint8_t> bytes, uint32_t sum = 0) {
    size_t i = 0;
    for (; i + 1 < bytes.size(); i += 2) sum += (uint32_t{bytes[i]} << 8) | bytes[i + 1];
    if (i < bytes.size()) sum += uint32_t{bytes[i]} << 8;
    return sum;
}

uint16_t fold(uint32_t sum) {
    while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
    return static_cast<uint16_t>(~sum);
}

}  // namespace

SockAddr as_packet_address(const SockAddr& addr) {
    if (addr.family != AF_INET6 || !addr.is_v4()) return addr;
    SockAddr v4;
    v4.family = AF_INET;
    v4.port = addr.port;
    std::copy(addr.ip.begin() + 12, addr.ip.end(), v4.ip.begin());
    return v4;
}

uint32_t build_udp_packet(const SockAddr& src, const SockAddr& dst, std::span<const uint8_t> payload,
                          uint32_t length, uint16_t ip_id, std::vector<uint8_t>& out) {
    bool v4 = src.family == AF_INET;
    size_t ip_header = v4 ? kIpv4Header : kIpv6Header;
    if (v4) length = std::min(length, kMaxIpv4Payload);
    payload = payload.first(std::min<size_t>(payload.size(), length));
    size_t start = out.size();
    out.resize(start + ip_header + kUdpHeader, 0);
    uint32_t udp_length = kUdpHeader + length;
    size_t ip_bytes = v4 ? 4 : 16;
    if (v4) {
        out[start] = 0x45;
        put16(out, start + 2, kIpv4Header + udp_length);
        put16(out, start + 4, ip_id);
        put16(out, start + 6, 0x4000);  // don't fragment
        out[start + 8] = kTtl;
        out[start + 9] = IPPROTO_UDP;
        std::copy_n(src.ip.begin(), 4, out.begin() + static_cast<ptrdiff_t>(start + 12));
        std::copy_n(dst.ip.begin(), 4, out.begin() + static_cast<ptrdiff_t>(start + 16));
        put16(out, start + 10, fold(sum16({out.data() + start, kIpv4Header})));
    } else {
        out[start] = 0x60;
        put16(out, start + 4, udp_length);
        out[start + 6] = IPPROTO_UDP;
        out[start + 7] = kTtl;
        std::copy_n(src.ip.begin(), 16, out.begin() + static_cast<ptrdiff_t>(start + 8));
        std::copy_n(dst.ip.begin(), 16, out.begin() + static_cast<ptrdiff_t>(start + 24));
    }
    size_t udp = start + ip_header;
    put16(out, udp, src.port);
    put16(out, udp + 2, dst.port);
    put16(out, udp + 4, udp_length);
    out.insert(out.end(), payload.begin(), payload.end());
    if (payload.size() == length) {
        // Pseudo-header: addresses, protocol, UDP length (RFC 768 / RFC 8200 8.1).
        uint32_t sum = sum16({src.ip.data(), ip_bytes});
        sum = sum16({dst.ip.data(), ip_bytes}, sum);
        sum += IPPROTO_UDP + udp_length;
        sum = sum16({out.data() + udp, kUdpHeader + payload.size()}, sum);
        uint16_t checksum = fold(sum);
        put16(out, udp + 6, checksum == 0 ? 0xffff : checksum);
    }
    return static_cast<uint32_t>(ip_header + udp_length);
}

}  // namespace ntpscope::pcapng
