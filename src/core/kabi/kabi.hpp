// Decoders for the raw kernel/user structures the recorder copies out of the traced process:
// socket addresses, control messages, struct timex, time values and setsockopt arguments.
// Layouts are those of the 64-bit Linux ABI. Every decoder checks lengths and never reads
// past the bytes it was given.
#pragma once

#include <cstdint>
#include <optional>
#include <span>

#include "core/kabi/layout.hpp"
#include "core/model/event.hpp"

namespace ntpscope::kabi {

// struct sockaddr_in / sockaddr_in6 (sin_port in network order) -> SockAddr.
std::optional<SockAddr> decode_sockaddr(std::span<const uint8_t> raw);

// What the receive path learns from msg_control.
struct ControlInfo {
    std::optional<int64_t> rx_time;  // SCM_TIMESTAMP, SCM_TIMESTAMPNS, SCM_TIMESTAMPING[0|2], ns
    std::optional<SockAddr> dst;     // IP_PKTINFO ipi_addr / IPV6_PKTINFO ipi6_addr (port 0)
};
// Walks the cmsghdr chain of a msg_control buffer (as returned, msg_controllen bytes).
ControlInfo decode_control(std::span<const uint8_t> raw);

// struct timex (struct __kernel_timex on 64-bit; 208 bytes).
std::optional<Timex> decode_timex(std::span<const uint8_t> raw);

// struct timespec / struct timeval (64-bit) -> ns since the epoch.
std::optional<int64_t> decode_timespec(std::span<const uint8_t> raw);
std::optional<int64_t> decode_timeval(std::span<const uint8_t> raw);

// setsockopt(level, name, optval): multicast membership (ip_mreq, ip_mreqn, ip_mreq_source,
// ipv6_mreq, group_req) gets group/iface; IP_MULTICAST_IF gets iface; int-sized options (and
// one-byte IPPROTO_IP ones) get value. A short optval leaves them all empty.
SockOpt decode_sockopt(int32_t level, int32_t name, std::span<const uint8_t> optval);

}  // namespace ntpscope::kabi
