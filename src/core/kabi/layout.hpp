// Sizes, offsets and numbers of the 64-bit Linux ABI that the kabi decoders rely on. They are
// spelled out rather than taken from the build host's headers so a decoder means the same
// thing wherever it is built; tests/unit/kabi checks each against the real libc structs.
#pragma once

#include <cstddef>
#include <cstdint>

namespace ntpscope::kabi::layout {

// Address families, protocol levels.
inline constexpr uint16_t kAfInet = 2;
inline constexpr uint16_t kAfInet6 = 10;
inline constexpr int32_t kSolSocket = 1;
inline constexpr int32_t kIpprotoIp = 0;
inline constexpr int32_t kIpprotoIpv6 = 41;

// struct sockaddr_in / sockaddr_in6 (port and addresses in network order).
inline constexpr size_t kSockaddrInSize = 16;
inline constexpr size_t kSinPort = 2;
inline constexpr size_t kSinAddr = 4;
inline constexpr size_t kSockaddrIn6Size = 28;
inline constexpr size_t kSockaddrIn6MinSize = 24;  // RFC 2133 form without sin6_scope_id
inline constexpr size_t kSin6Port = 2;
inline constexpr size_t kSin6Addr = 8;

// struct cmsghdr {size_t cmsg_len; int cmsg_level; int cmsg_type;}, CMSG_ALIGN to 8.
inline constexpr size_t kCmsgHeaderSize = 16;
inline constexpr size_t kCmsgLen = 0;
inline constexpr size_t kCmsgLevel = 8;
inline constexpr size_t kCmsgType = 12;
inline constexpr size_t kCmsgAlign = 8;

// SOL_SOCKET control messages. *_OLD and *_NEW share a layout on 64-bit.
inline constexpr int32_t kScmTimestampOld = 29;      // struct timeval
inline constexpr int32_t kScmTimestampNsOld = 35;    // struct timespec
inline constexpr int32_t kScmTimestampingOld = 37;   // struct timespec[3]
inline constexpr int32_t kScmTimestampNew = 63;      // struct __kernel_sock_timeval
inline constexpr int32_t kScmTimestampNsNew = 64;    // struct __kernel_timespec
inline constexpr int32_t kScmTimestampingNew = 65;   // struct __kernel_timespec[3]

// struct timespec / timeval: two 64-bit fields.
inline constexpr size_t kTimeValueSize = 16;
inline constexpr size_t kTimeValueSub = 8;  // tv_nsec / tv_usec

// IP_PKTINFO: struct in_pktinfo {int ipi_ifindex; in_addr ipi_spec_dst; in_addr ipi_addr;}.
inline constexpr int32_t kIpPktinfo = 8;
inline constexpr size_t kInPktinfoSize = 12;
inline constexpr size_t kIpiAddr = 8;
// IPV6_PKTINFO: struct in6_pktinfo {in6_addr ipi6_addr; int ipi6_ifindex;}.
inline constexpr int32_t kIpv6Pktinfo = 50;
inline constexpr size_t kIn6PktinfoSize = 20;
inline constexpr size_t kIpi6Addr = 0;

// struct __kernel_timex.
namespace timex {
inline constexpr size_t kSize = 208;
inline constexpr size_t kModes = 0;      // u32
inline constexpr size_t kOffset = 8;     // the rest: s64 unless noted
inline constexpr size_t kFreq = 16;
inline constexpr size_t kMaxerror = 24;
inline constexpr size_t kEsterror = 32;
inline constexpr size_t kStatus = 40;    // int
inline constexpr size_t kConstant = 48;
inline constexpr size_t kPrecision = 56;
inline constexpr size_t kTolerance = 64;
inline constexpr size_t kTimeSec = 72;
inline constexpr size_t kTimeUsec = 80;
inline constexpr size_t kTick = 88;
inline constexpr size_t kPpsfreq = 96;
inline constexpr size_t kJitter = 104;
inline constexpr size_t kShift = 112;    // int
inline constexpr size_t kStabil = 120;
inline constexpr size_t kJitcnt = 128;
inline constexpr size_t kCalcnt = 136;
inline constexpr size_t kErrcnt = 144;
inline constexpr size_t kStbcnt = 152;
inline constexpr size_t kTai = 160;      // int
}  // namespace timex

// setsockopt names and their argument structs.
inline constexpr int32_t kIpMulticastIf = 32;        // in_addr, ip_mreq or ip_mreqn
inline constexpr int32_t kIpAddMembership = 35;      // ip_mreq or ip_mreqn
inline constexpr int32_t kIpDropMembership = 36;
inline constexpr int32_t kIpAddSourceMembership = 39;   // ip_mreq_source
inline constexpr int32_t kIpDropSourceMembership = 40;
inline constexpr int32_t kIpv6AddMembership = 20;    // = IPV6_JOIN_GROUP, ipv6_mreq
inline constexpr int32_t kIpv6DropMembership = 21;   // = IPV6_LEAVE_GROUP
inline constexpr int32_t kMcastJoinGroup = 42;       // group_req, IPv4 and IPv6 levels
inline constexpr int32_t kMcastLeaveGroup = 45;

// ip_mreq {multiaddr; interface}, ip_mreqn {multiaddr; address; ifindex},
// ip_mreq_source {multiaddr; interface; sourceaddr}: group at 0, interface address at 4.
inline constexpr size_t kIpMreqSize = 8;
inline constexpr size_t kIpMreqSourceSize = 12;
inline constexpr size_t kImrMultiaddr = 0;
inline constexpr size_t kImrInterface = 4;
// ipv6_mreq {in6_addr ipv6mr_multiaddr; unsigned ipv6mr_interface}.
inline constexpr size_t kIpv6MreqSize = 20;
inline constexpr size_t kIpv6mrMultiaddr = 0;
// group_req {u32 gr_interface; (pad); sockaddr_storage gr_group}.
inline constexpr size_t kGroupReqSize = 136;
inline constexpr size_t kGrGroup = 8;
inline constexpr size_t kSockaddrStorageSize = 128;

}  // namespace ntpscope::kabi::layout
