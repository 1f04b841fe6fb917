// Finds the UDP datagram in a captured frame: Ethernet (with 802.1Q / 802.1ad tags), Linux
// cooked SLL and SLL2 (tcpdump -i any), raw IP and BSD loopback; IPv4 and IPv6 (extension
// headers skipped). Never reads past the captured bytes.
#pragma once

#include <cstdint>
#include <optional>
#include <span>

#include "core/model/sockaddr.hpp"

namespace ntpscope::import::pcap {

struct UdpDatagram {
    SockAddr src;  // with the UDP ports
    SockAddr dst;
    std::span<const uint8_t> payload;  // the captured part of the payload
    uint32_t length = 0;               // the payload's real length (from the UDP header)
};

bool supported_linktype(int dlt);

// Nullopt for anything that is not (the first fragment of) a UDP datagram, or whose headers
// were not captured.
std::optional<UdpDatagram> parse_udp(int dlt, std::span<const uint8_t> frame);

}  // namespace ntpscope::import::pcap
