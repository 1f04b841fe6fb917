// Whose capture is it? The host is the address that takes part in the most unicast NTP
// packets: on a capture taken at one host, every unicast packet is from or to it, while each
// peer is in only its own share. Mode-5 (broadcast) packets and packets to multicast or
// broadcast addresses do not count: their receiver is not in the packet, and their sender is
// a server. A tie (a capture of a single exchange) goes to the address acting as a client:
// the one that sends mode 3 and receives mode 4 most. IPv4 and IPv6 are judged apart: a
// dual-stack host has one address of each. docs/import-export.md explains it for users.
#pragma once

#include <cstdint>
#include <map>
#include <optional>

#include "core/import/pcap/udp_frame.hpp"

namespace ntpscope::import::pcap {

// The NTP mode of a payload (its first byte), 0 when it cannot be NTP.
uint8_t ntp_mode(std::span<const uint8_t> payload);
// Multicast, or the limited broadcast 255.255.255.255.
bool is_group_address(const SockAddr& addr);

class HostInference {
public:
    void add(const UdpDatagram& datagram, uint8_t mode);
    // Port 0; nullopt when no unicast exchange of that family was seen.
    std::optional<SockAddr> host(uint16_t family) const;
    // The host address of the family with more unicast NTP packets.
    std::optional<SockAddr> main_host() const;

private:
    struct Score {
        uint64_t packets = 0;  // unicast NTP packets this address is an end of
        uint64_t client = 0;   // of them: it sent mode 3 or received mode 4
        bool operator<(const Score& other) const {
            return packets != other.packets ? packets < other.packets : client < other.client;
        }
    };
    Score& score(const SockAddr& addr);

    std::map<SockAddr, Score> scores_;
    // A capture is mostly the same few addresses: the last two looked up skip the map search.
    std::pair<SockAddr, Score*> recent_[2];
};

}  // namespace ntpscope::import::pcap
