// One example event, enough to cite in a finding ("12:04:56 recvmsg fd 22 -> EAGAIN"). Peers
// and sockets both keep a few of each kind, so a report can show what a count stands for.
#pragma once

#include <cstdint>

#include "core/model/sockaddr.hpp"
#include "core/model/syscall.hpp"

namespace ntpscope::analysis {

struct ExampleEvent {
    int64_t t = 0;  // wall clock ns
    Syscall syscall = Syscall::recvmsg;
    int32_t fd = -1;
    uint32_t pid = 0;
    int64_t ret = 0;
    int32_t err = 0;
    uint32_t len = 0;        // datagram length
    int8_t ntp_mode = -1;    // -1 when not an NTP packet or not a datagram
    int8_t ntp_poll = 0;
    SockAddr peer;           // remote address with port, when known
    SockAddr local;          // the socket's local address, when known
    bool operator==(const ExampleEvent&) const = default;
};

}  // namespace ntpscope::analysis
