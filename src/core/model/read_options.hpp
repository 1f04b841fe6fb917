// How to read one input: the options every reading command shares (summary, diff, export,
// fleet), held once. The importers and the analysis take them as they are.
#pragma once

#include <cstdint>
#include <optional>

#include "core/model/sockaddr.hpp"

namespace ntpscope {

inline constexpr uint16_t kNtpPort = 123;

struct ReadOptions {
    uint16_t ntp_port = kNtpPort;       // datagrams to or from this port are NTP
    std::optional<SockAddr> host_ip;    // pcap: whose capture it is (else inferred)
    std::optional<int64_t> date;        // strace -t/-tt: local midnight (ns) of the first line's day
};

}  // namespace ntpscope
