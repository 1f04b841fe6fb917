// The trace model: one header, a stream of events, one footer.
// docs/trace-format.md is the authority on field meanings; this mirrors it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/model/sockaddr.hpp"
#include "core/model/syscall.hpp"

namespace ntpscope {

// What an fd referred to at the moment of a call.
struct SockInfo {
    uint16_t family = 0;  // AF_INET, AF_INET6, AF_UNIX, AF_NETLINK, ...
    uint16_t type = 0;    // SOCK_DGRAM, SOCK_STREAM, SOCK_RAW, ...
    SockAddr local;       // bound address; absent for non-IP sockets
    SockAddr remote;      // connected peer; absent when not connected
    uint64_t id = 0;      // socket inode number; 0 when unknown (pcap import)
    bool operator==(const SockInfo&) const = default;
};

// struct timex as the kernel returned it (the values after the call).
struct Timex {
    uint32_t modes = 0;   // ADJ_* bits the caller asked to set
    int64_t offset = 0;   // ns when status has STA_NANO, else us
    int64_t freq = 0;     // ppm with a 16-bit fraction (65536 = 1 ppm)
    int64_t maxerror = 0; // us
    int64_t esterror = 0; // us
    int32_t status = 0;   // STA_* bits
    int64_t constant = 0;
    int64_t precision = 0;
    int64_t tolerance = 0;
    int64_t time_sec = 0;
    int64_t time_usec = 0;  // ns when STA_NANO
    int64_t tick = 0;
    int32_t tai = 0;
    bool operator==(const Timex&) const = default;
};

// A decoded setsockopt: the option and, for multicast membership, the group.
struct SockOpt {
    int32_t level = 0;
    int32_t name = 0;
    std::optional<SockAddr> group;  // IP_ADD/DROP_MEMBERSHIP, IPV6_JOIN/LEAVE_GROUP (port 0)
    std::optional<SockAddr> iface;  // interface address of an IPv4 membership request
    std::optional<int64_t> value;   // integer options (SO_TIMESTAMPNS on/off, ...)
    bool operator==(const SockOpt&) const = default;
};

enum class Via : uint8_t { call, libc, socket_state };

struct Event {
    int64_t t = 0;     // wall clock, ns since the Unix epoch
    int64_t mono = 0;  // CLOCK_MONOTONIC ns (0 when the source has none)
    uint32_t pid = 0;
    uint32_t tid = 0;
    std::string comm;
    Syscall syscall = Syscall::recvmsg;
    int32_t fd = -1;
    int64_t ret = 0;
    int32_t err = 0;  // errno; 0 on success

    std::optional<SockInfo> sock;  // the fd's socket at the time of the call
    std::optional<SockAddr> addr;  // msg_name / dest_addr / bind / connect address
    std::optional<SockAddr> dst;   // IP_PKTINFO / IPV6_PKTINFO destination
    std::optional<int64_t> rx_time;  // kernel receive timestamp, ns since the epoch

    uint32_t flags = 0;         // MSG_* flags the caller passed (MSG_ERRQUEUE marks transmit timestamps)
    uint32_t len = 0;           // real datagram length
    std::vector<uint8_t> data;  // first snaplen bytes; data.size() < len means truncated

    // recvmmsg/sendmmsg produce one event per message: index within the call, and on
    // index 0 the number of messages past the recording bound that were left out.
    uint32_t msg_index = 0;
    uint32_t omitted = 0;

    std::optional<int32_t> clock;    // clock id (clock_adjtime, clock_settime)
    std::optional<Timex> timex;      // adjtimex, clock_adjtime
    std::optional<int64_t> set_time; // clock_settime / settimeofday target, ns since the epoch

    std::optional<SockOpt> opt;  // setsockopt

    // Where a recording saw it, when not in the target's own call: the C library's wrapper of
    // another process (who touches the clock), or a socket's state (the socket path records a
    // socket's address and groups when it first sees the socket, as a bind and memberships).
    Via via = Via::call;

    bool truncated() const { return data.size() < len; }
    bool failed() const { return err != 0; }
    bool operator==(const Event&) const = default;
};

struct TargetInfo {
    uint32_t pid = 0;
    std::string comm;
    std::string exe;
    std::string cmdline;
    uint64_t netns = 0;  // network namespace inode
    std::string config;  // config file named on the command line (-c), if any
    bool operator==(const TargetInfo&) const = default;
};

struct SocketEntry {
    uint32_t pid = 0;
    int32_t fd = -1;
    SockInfo sock;
    bool operator==(const SocketEntry&) const = default;
};

struct TraceHeader {
    int version = 1;
    std::string source = "ebpf";  // "ebpf", "strace" or "pcap": what detail can be present
    std::string attach;           // ebpf, format 2: "socket" or "syscall" (docs/trace-format.md)
    std::string tool;             // "ntpscope 0.1.0"
    std::string host;
    std::string kernel;
    std::string boot_id;
    int64_t start = 0;       // wall clock ns at start
    int64_t start_mono = 0;  // CLOCK_MONOTONIC ns sampled together with `start`
    uint32_t snaplen = 0;
    std::optional<SockAddr> host_ip;  // pcap import: whose capture it is
    std::string date_from;  // strace -t/-tt import: where the date of the times of day came from
    std::vector<TargetInfo> targets;
    std::vector<SocketEntry> sockets;  // fd table at attach time
    bool operator==(const TraceHeader&) const = default;
};

struct TraceFooter {
    int64_t end = 0;
    uint64_t events = 0;
    uint64_t lost = 0;  // events the kernel side could not hand over (ring buffer full)
    bool operator==(const TraceFooter&) const = default;
};

}  // namespace ntpscope
