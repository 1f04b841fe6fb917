#include "core/kabi/linux_names.hpp"

#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/timex.h>
#include <time.h>

#include <span>

#include "core/kabi/timex_names.hpp"

namespace ntpscope::kabi {

namespace {

using Entry = NamedValue;

// Older strace versions print PF_* for socket() domains; newer ones AF_*.
constexpr Entry kFamilies[] = {
    {"AF_UNSPEC", AF_UNSPEC}, {"AF_UNIX", AF_UNIX},       {"AF_LOCAL", AF_LOCAL},
    {"AF_INET", AF_INET},     {"AF_INET6", AF_INET6},     {"AF_NETLINK", AF_NETLINK},
    {"AF_PACKET", AF_PACKET}, {"PF_UNSPEC", PF_UNSPEC},   {"PF_UNIX", PF_UNIX},
    {"PF_LOCAL", PF_LOCAL},   {"PF_INET", PF_INET},       {"PF_INET6", PF_INET6},
    {"PF_NETLINK", PF_NETLINK}, {"PF_PACKET", PF_PACKET},
};

constexpr Entry kSocketTypes[] = {
    {"SOCK_STREAM", SOCK_STREAM},       {"SOCK_DGRAM", SOCK_DGRAM},
    {"SOCK_RAW", SOCK_RAW},             {"SOCK_RDM", SOCK_RDM},
    {"SOCK_SEQPACKET", SOCK_SEQPACKET}, {"SOCK_PACKET", SOCK_PACKET},
    {"SOCK_CLOEXEC", SOCK_CLOEXEC},     {"SOCK_NONBLOCK", SOCK_NONBLOCK},
};

constexpr Entry kLevels[] = {
    {"SOL_SOCKET", SOL_SOCKET},     {"SOL_IP", SOL_IP},         {"IPPROTO_IP", IPPROTO_IP},
    {"SOL_IPV6", SOL_IPV6},         {"IPPROTO_IPV6", IPPROTO_IPV6}, {"SOL_UDP", IPPROTO_UDP},
    {"IPPROTO_UDP", IPPROTO_UDP},   {"SOL_TCP", IPPROTO_TCP},       {"IPPROTO_TCP", IPPROTO_TCP},
};

// strace >= 5.x appends _OLD/_NEW to the timestamp options; older versions print the bare names
// or SCM_* for the control message types, which share the values.
constexpr Entry kSockoptNames[] = {
    {"SO_DEBUG", SO_DEBUG},
    {"SO_REUSEADDR", SO_REUSEADDR},
    {"SO_TYPE", SO_TYPE},
    {"SO_ERROR", SO_ERROR},
    {"SO_DONTROUTE", SO_DONTROUTE},
    {"SO_BROADCAST", SO_BROADCAST},
    {"SO_SNDBUF", SO_SNDBUF},
    {"SO_RCVBUF", SO_RCVBUF},
    {"SO_KEEPALIVE", SO_KEEPALIVE},
    {"SO_PRIORITY", SO_PRIORITY},
    {"SO_REUSEPORT", SO_REUSEPORT},
    {"SO_BINDTODEVICE", SO_BINDTODEVICE},
    {"SO_TIMESTAMP_OLD", 29},
    {"SO_TIMESTAMP", 29},
    {"SCM_TIMESTAMP", 29},
    {"SO_TIMESTAMPNS_OLD", 35},
    {"SO_TIMESTAMPNS", 35},
    {"SCM_TIMESTAMPNS", 35},
    {"SO_TIMESTAMPING_OLD", 37},
    {"SO_TIMESTAMPING", 37},
    {"SCM_TIMESTAMPING", 37},
    {"SO_TIMESTAMP_NEW", 63},
    {"SO_TIMESTAMPNS_NEW", 64},
    {"SO_TIMESTAMPING_NEW", 65},
    {"SO_SELECT_ERR_QUEUE", SO_SELECT_ERR_QUEUE},
    {"IP_TOS", IP_TOS},
    {"IP_TTL", IP_TTL},
    {"IP_PKTINFO", IP_PKTINFO},
    {"IP_RECVERR", IP_RECVERR},
    {"IP_MTU_DISCOVER", IP_MTU_DISCOVER},
    {"IP_FREEBIND", IP_FREEBIND},
    {"IP_MULTICAST_IF", IP_MULTICAST_IF},
    {"IP_MULTICAST_TTL", IP_MULTICAST_TTL},
    {"IP_MULTICAST_LOOP", IP_MULTICAST_LOOP},
    {"IP_ADD_MEMBERSHIP", IP_ADD_MEMBERSHIP},
    {"IP_DROP_MEMBERSHIP", IP_DROP_MEMBERSHIP},
    {"IP_BIND_ADDRESS_NO_PORT", IP_BIND_ADDRESS_NO_PORT},
    {"MCAST_JOIN_GROUP", MCAST_JOIN_GROUP},
    {"MCAST_LEAVE_GROUP", MCAST_LEAVE_GROUP},
    {"IPV6_MULTICAST_IF", IPV6_MULTICAST_IF},
    {"IPV6_MULTICAST_HOPS", IPV6_MULTICAST_HOPS},
    {"IPV6_MULTICAST_LOOP", IPV6_MULTICAST_LOOP},
    {"IPV6_ADD_MEMBERSHIP", IPV6_ADD_MEMBERSHIP},
    {"IPV6_JOIN_GROUP", IPV6_JOIN_GROUP},
    {"IPV6_DROP_MEMBERSHIP", IPV6_DROP_MEMBERSHIP},
    {"IPV6_LEAVE_GROUP", IPV6_LEAVE_GROUP},
    {"IPV6_RECVERR", IPV6_RECVERR},
    {"IPV6_V6ONLY", IPV6_V6ONLY},
    {"IPV6_RECVPKTINFO", IPV6_RECVPKTINFO},
    {"IPV6_PKTINFO", IPV6_PKTINFO},
    {"IPV6_TCLASS", IPV6_TCLASS},
};

constexpr Entry kClocks[] = {
    {"CLOCK_REALTIME", CLOCK_REALTIME},
    {"CLOCK_MONOTONIC", CLOCK_MONOTONIC},
    {"CLOCK_PROCESS_CPUTIME_ID", CLOCK_PROCESS_CPUTIME_ID},
    {"CLOCK_THREAD_CPUTIME_ID", CLOCK_THREAD_CPUTIME_ID},
    {"CLOCK_MONOTONIC_RAW", CLOCK_MONOTONIC_RAW},
    {"CLOCK_REALTIME_COARSE", CLOCK_REALTIME_COARSE},
    {"CLOCK_MONOTONIC_COARSE", CLOCK_MONOTONIC_COARSE},
    {"CLOCK_BOOTTIME", CLOCK_BOOTTIME},
    {"CLOCK_REALTIME_ALARM", CLOCK_REALTIME_ALARM},
    {"CLOCK_BOOTTIME_ALARM", CLOCK_BOOTTIME_ALARM},
    {"CLOCK_TAI", CLOCK_TAI},
};

constexpr Entry kTimeStates[] = {
    {"TIME_OK", TIME_OK},   {"TIME_INS", TIME_INS},   {"TIME_DEL", TIME_DEL},
    {"TIME_OOP", TIME_OOP}, {"TIME_WAIT", TIME_WAIT}, {"TIME_ERROR", TIME_ERROR},
};

// Values from the kernel's include/linux/errno.h; a signal-interrupted call shows them.
constexpr Entry kKernelErrnos[] = {
    {"ERESTARTSYS", 512},  {"ERESTARTNOINTR", 513},        {"ERESTARTNOHAND", 514},
    {"ENOIOCTLCMD", 515},  {"ERESTART_RESTARTBLOCK", 516},
};

constexpr Entry kMsgFlags[] = {
    {"MSG_OOB", MSG_OOB},           {"MSG_PEEK", MSG_PEEK},         {"MSG_DONTROUTE", MSG_DONTROUTE},
    {"MSG_CTRUNC", MSG_CTRUNC},     {"MSG_TRUNC", MSG_TRUNC},       {"MSG_DONTWAIT", MSG_DONTWAIT},
    {"MSG_EOR", MSG_EOR},           {"MSG_WAITALL", MSG_WAITALL},   {"MSG_CONFIRM", MSG_CONFIRM},
    {"MSG_ERRQUEUE", MSG_ERRQUEUE}, {"MSG_NOSIGNAL", MSG_NOSIGNAL}, {"MSG_MORE", MSG_MORE},
    {"MSG_WAITFORONE", MSG_WAITFORONE}, {"MSG_ZEROCOPY", MSG_ZEROCOPY}, {"MSG_CMSG_CLOEXEC", MSG_CMSG_CLOEXEC},
};

std::span<const Entry> entries(Table table) {
    switch (table) {
        case Table::family: return kFamilies;
        case Table::socket_type: return kSocketTypes;
        case Table::sockopt_level: return kLevels;
        case Table::sockopt_name: return kSockoptNames;
        case Table::clock_id: return kClocks;
        case Table::adj_mode: return adj_mode_names();
        case Table::sta_status: return sta_status_names();
        case Table::time_state: return kTimeStates;
        case Table::kernel_errno: return kKernelErrnos;
        case Table::msg_flags: return kMsgFlags;
    }
    return {};
}

}  // namespace

std::optional<int64_t> value_of(Table table, std::string_view name) {
    for (const Entry& e : entries(table))
        if (e.name == name) return e.value;
    return std::nullopt;
}

std::string_view name_of(Table table, int64_t value) {
    for (const Entry& e : entries(table))
        if (e.value == value) return e.name;
    return {};
}

std::string_view sockopt_name_of(int32_t level, int32_t name) {
    std::string_view prefix = level == SOL_SOCKET ? "SO_" : level == SOL_IP ? "IP_" : level == SOL_IPV6 ? "IPV6_" : "";
    if (prefix.empty()) return {};
    for (const Entry& e : kSockoptNames)
        if (e.value == name && e.name.starts_with(prefix)) return e.name;
    if (level != SOL_SOCKET)
        for (const Entry& e : kSockoptNames)
            if (e.value == name && e.name.starts_with("MCAST_")) return e.name;
    return {};
}

std::string flags_text(Table table, uint64_t bits) {
    if (bits == 0) return "0";
    return join_flags(entries(table), bits);
}

}  // namespace ntpscope::kabi
