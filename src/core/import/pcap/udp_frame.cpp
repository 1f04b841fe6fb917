#include "core/import/pcap/udp_frame.hpp"

#include <netinet/in.h>
#include <pcap/dlt.h>
#include <sys/socket.h>

#include "core/kabi/raw.hpp"
#include "core/ntp/wire.hpp"

namespace ntpscope::import::pcap {

namespace {

constexpr uint16_t kEtherIPv4 = 0x0800;
constexpr uint16_t kEtherIPv6 = 0x86dd;
constexpr uint16_t kEtherVlan = 0x8100;
constexpr uint16_t kEtherQinQ = 0x88a8;
constexpr uint16_t kEtherQinQOld = 0x9100;
constexpr size_t kSllHeader = 16;
constexpr size_t kSll2Header = 20;
constexpr int kMaxExtensionHeaders = 8;

using ntp::wire::be16;
using ntp::wire::has;

// Skips VLAN tags after an EtherType at `at`; returns the network-layer offset and EtherType.
std::optional<std::pair<size_t, uint16_t>> ether_payload(std::span<const uint8_t> frame, size_t at) {
    for (;;) {
        if (!has(frame, at, 2)) return std::nullopt;
        uint16_t type = be16(frame, at);
        if (type != kEtherVlan && type != kEtherQinQ && type != kEtherQinQOld) return std::pair{at + 2, type};
        at += 4;  // TCI, then the next EtherType
    }
}

std::optional<UdpDatagram> udp(std::span<const uint8_t> packet, SockAddr src, SockAddr dst) {
    if (!has(packet, 0, 8)) return std::nullopt;
    UdpDatagram d;
    d.src = src;
    d.dst = dst;
    d.src.port = be16(packet, 0);
    d.dst.port = be16(packet, 2);
    uint16_t udp_length = be16(packet, 4);
    std::span<const uint8_t> payload = packet.subspan(8);
    // A UDP length of 0 (IPv6 jumbograms) or one below the header: trust the IP layer instead.
    d.length = udp_length >= 8 ? udp_length - 8u : static_cast<uint32_t>(payload.size());
    if (payload.size() > d.length) payload = payload.first(d.length);  // Ethernet padding
    d.payload = payload;
    return d;
}

std::optional<UdpDatagram> ipv4(std::span<const uint8_t> packet) {
    if (!has(packet, 0, 20) || (packet[0] >> 4) != 4) return std::nullopt;
    size_t header = (packet[0] & 0x0f) * 4u;
    if (header < 20 || !has(packet, 0, header) || packet[9] != IPPROTO_UDP) return std::nullopt;
    if ((be16(packet, 6) & 0x1fff) != 0) return std::nullopt;  // not the first fragment
    uint16_t total = be16(packet, 2);
    if (total >= header && total < packet.size()) packet = packet.first(total);
    return udp(packet.subspan(header), kabi::raw::ipv4_at(packet, 12), kabi::raw::ipv4_at(packet, 16));
}

std::optional<UdpDatagram> ipv6(std::span<const uint8_t> packet) {
    if (!has(packet, 0, 40) || (packet[0] >> 4) != 6) return std::nullopt;
    SockAddr src = kabi::raw::ipv6_at(packet, 8);
    SockAddr dst = kabi::raw::ipv6_at(packet, 24);
    size_t payload_length = be16(packet, 4);
    if (payload_length > 0 && 40 + payload_length < packet.size()) packet = packet.first(40 + payload_length);
    uint8_t next = packet[6];
    size_t at = 40;
    for (int i = 0; i < kMaxExtensionHeaders && next != IPPROTO_UDP; ++i) {
        if (!has(packet, at, 8)) return std::nullopt;
        switch (next) {
            case IPPROTO_HOPOPTS:
            case IPPROTO_ROUTING:
            case IPPROTO_DSTOPTS:
                next = packet[at];
                at += (packet[at + 1] + 1u) * 8;
                break;
            case IPPROTO_FRAGMENT:
                if ((be16(packet, at + 2) & 0xfff8) != 0) return std::nullopt;  // not the first fragment
                next = packet[at];
                at += 8;
                break;
            case IPPROTO_AH:
                next = packet[at];
                at += (packet[at + 1] + 2u) * 4;
                break;
            default:
                return std::nullopt;  // ESP, no next header, another protocol
        }
    }
    if (next != IPPROTO_UDP || at > packet.size()) return std::nullopt;
    return udp(packet.subspan(at), src, dst);
}

std::optional<UdpDatagram> network(std::span<const uint8_t> frame, size_t at, uint16_t ethertype) {
    if (at > frame.size()) return std::nullopt;
    if (ethertype == kEtherIPv4) return ipv4(frame.subspan(at));
    if (ethertype == kEtherIPv6) return ipv6(frame.subspan(at));
    return std::nullopt;
}

std::optional<UdpDatagram> raw_ip(std::span<const uint8_t> frame) {
    if (frame.empty()) return std::nullopt;
    return (frame[0] >> 4) == 4 ? ipv4(frame) : ipv6(frame);
}

}  // namespace

bool supported_linktype(int dlt) {
    switch (dlt) {
        case DLT_EN10MB: case DLT_LINUX_SLL: case DLT_LINUX_SLL2: case DLT_RAW:
        case DLT_IPV4: case DLT_IPV6: case DLT_NULL: case DLT_LOOP:
            return true;
        default:
            return false;
    }
}

std::optional<UdpDatagram> parse_udp(int dlt, std::span<const uint8_t> frame) {
    switch (dlt) {
        case DLT_EN10MB:
            if (auto next = ether_payload(frame, 12)) return network(frame, next->first, next->second);
            return std::nullopt;
        case DLT_LINUX_SLL:
            if (auto next = ether_payload(frame, kSllHeader - 2)) return network(frame, next->first, next->second);
            return std::nullopt;
        case DLT_LINUX_SLL2:
            if (!has(frame, 0, kSll2Header)) return std::nullopt;
            return network(frame, kSll2Header, be16(frame, 0));
        case DLT_RAW:
        case DLT_IPV4:
        case DLT_IPV6:
            return raw_ip(frame);
        case DLT_NULL:
        case DLT_LOOP:
            // A 4-byte address family, in the capturing host's byte order (NULL) or network
            // order (LOOP); the IP version nibble says the same thing without the guesswork.
            if (!has(frame, 0, 4)) return std::nullopt;
            return raw_ip(frame.subspan(4));
        default:
            return std::nullopt;
    }
}

}  // namespace ntpscope::import::pcap
