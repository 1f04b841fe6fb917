// One socket of the host as the model keeps it: its role for NTP, its traffic and errors.
// Sockets are merged by role and address (socket_table.hpp), so an entry can stand for many.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/analysis/bounded.hpp"
#include "core/analysis/example_event.hpp"
#include "core/analysis/tuning.hpp"
#include "core/model/sockaddr.hpp"

namespace ntpscope::analysis {

enum class SocketRole : uint8_t {
    wildcard,         // bound to 0.0.0.0 / :: on the NTP port
    loopback,         // bound to 127.0.0.0/8 or ::1
    interface,        // bound to one interface's unicast address
    multicast_group,  // bound to a multicast group (ntpd's 224.0.1.1:123 socket)
    connected,        // connected UDP socket, one per request (chronyd's client sockets)
    netlink,          // AF_NETLINK (ntpd's interface-update socket): never NTP
    unix_domain,      // AF_UNIX: never NTP
    other_port,       // an IP socket bound to a port other than the NTP port
    unknown,          // no socket information (e.g. an import without it)
};
std::string_view socket_role_name(SocketRole r);  // "wildcard", "multicast_group", ...
bool carries_ntp(SocketRole r);  // false for netlink, unix_domain

enum class SocketExample : uint8_t { received, eagain, sent, error, count_ };

struct SocketModel {
    SocketRole role = SocketRole::unknown;
    uint16_t family = 0;
    uint16_t type = 0;
    SockAddr local;   // for `connected`, the port is dropped (it changes per request)
    SockAddr remote;  // `connected` only: the peer, port kept
    std::vector<int32_t> fds;  // fd numbers seen (at most 8); they differ between hosts
    uint64_t instances = 0;    // distinct sockets merged into this entry (by inode)
    std::vector<SockAddr> groups;  // multicast groups joined (IP_ADD_MEMBERSHIP...), at most 8

    uint64_t receive_calls = 0;   // a recvmmsg counts once
    uint64_t received = 0;        // datagrams returned
    uint64_t eagain = 0;          // receive calls that returned EAGAIN/EWOULDBLOCK
    uint64_t receive_errors = 0;  // other receive failures
    uint64_t send_calls = 0;
    uint64_t sent = 0;            // datagrams sent
    uint64_t send_errors = 0;
    uint64_t bytes_received = 0;
    uint64_t bytes_sent = 0;
    uint64_t not_ntp = 0;         // datagrams on an NTP-carrying socket that do not decode as NTP
    uint64_t sent_copies = 0;     // MSG_ERRQUEUE copies of sent packets (transmit timestamps)
    uint64_t truncated = 0;       // datagrams whose capture was cut short
    CappedMap<int32_t, uint64_t, 16> errors;  // errno -> failed calls (EAGAIN included)
    std::vector<SockAddr> peers;  // peer IPs (port 0) seen on it, at most 16
    uint64_t more_peers = 0;      // datagrams from peers past that list
    int64_t first_t = 0;
    int64_t last_t = 0;
    std::array<FirstLast<ExampleEvent, kExamples>, static_cast<size_t>(SocketExample::count_)>
        examples;

    // "interface 10.0.0.2:123", "connected ->192.0.2.1:123", "netlink fd 5"
    std::string label() const;
};

}  // namespace ntpscope::analysis
