// Builds an IPv4 or IPv6 packet with a UDP header around a payload, checksums included.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "core/model/sockaddr.hpp"

namespace ntpscope::pcapng {

// `src` and `dst` must both be IPv4 or both IPv6 (see as_packet_address). `payload` is what was
// captured of a datagram of `length` bytes; when it is shorter, the headers still carry the
// real lengths and the UDP checksum is left 0 (it cannot be computed). The packet is appended
// to `out`; returns its real length.
uint32_t build_udp_packet(const SockAddr& src, const SockAddr& dst, std::span<const uint8_t> payload,
                          uint32_t length, uint16_t ip_id, std::vector<uint8_t>& out);

// IPv4-mapped IPv6 addresses (an AF_INET6 socket talking IPv4) as the IPv4 they are on the wire.
SockAddr as_packet_address(const SockAddr& addr);

}  // namespace ntpscope::pcapng
