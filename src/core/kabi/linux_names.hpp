// The symbolic names strace prints for Linux constants (address families, socket types, option
// levels and names, adjtimex modes and status bits, clock ids, kernel-internal errnos), in both
// directions: the strace importer reads them, the pcapng exporter prints them back. How strace
// writes a flag expression ("A|B|0x40") is the importer's business (import/strace/syntax.hpp).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ntpscope::kabi {

enum class Table : uint8_t {
    family,          // AF_INET, PF_INET, ...
    socket_type,     // SOCK_DGRAM, and the SOCK_CLOEXEC / SOCK_NONBLOCK flags
    sockopt_level,   // SOL_SOCKET, SOL_IP, IPPROTO_IPV6, ...
    sockopt_name,    // SO_*, IP_*, IPV6_*, MCAST_* (names are unique across levels)
    clock_id,        // CLOCK_REALTIME, ...
    adj_mode,        // ADJ_* (struct timex modes)
    sta_status,      // STA_* (struct timex status)
    time_state,      // TIME_OK ... TIME_ERROR (adjtimex return value)
    kernel_errno,    // ERESTARTSYS and friends: errnos the C library has no name for
    msg_flags,       // MSG_DONTWAIT, MSG_ERRQUEUE, ... (send/receive flags arguments)
};

std::optional<int64_t> value_of(Table table, std::string_view name);
// The first name with exactly this value; empty when there is none.
std::string_view name_of(Table table, int64_t value);

// An option name depends on its level (IP_PKTINFO and SO_RCVBUF are both 8); empty when unknown.
std::string_view sockopt_name_of(int32_t level, int32_t name);

// Bits -> names: "ADJ_OFFSET|ADJ_STATUS", "0" for no bits, unknown bits as a trailing "0x..".
std::string flags_text(Table table, uint64_t bits);

}  // namespace ntpscope::kabi
