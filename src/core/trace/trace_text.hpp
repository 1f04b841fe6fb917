// How the trace spells socket families, socket types, addresses and timex members
// (docs/trace-format.md).
// The writer and the reader both go through these, so the two spellings cannot drift apart.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>
#include <variant>
#include <vector>

#include "core/model/event.hpp"
#include "core/model/sockaddr.hpp"

namespace ntpscope::trace {

// The header's "format" and "version": the first two keys of the first line, so a trace can be
// recognised from its first bytes.
inline constexpr std::string_view kFormatName = "ntpscope-trace";
// 2: a header's "attach" says which programs recorded the trace; on the socket path a send's
// "t" is right after the send (1: at syscall entry), and events may carry "via":"socket-state".
inline constexpr int kFormatVersion = 2;

// Room for the longest spelling below: "[" + 45 IPv6 characters + "]:65535".
struct TextBuffer {
    char chars[64];
};

// "inet", "inet6", "unix", "netlink", else "af<N>".
std::string_view family_text(uint16_t family, TextBuffer& buf);
std::optional<uint16_t> parse_family(std::string_view text);

// "dgram", "stream", "raw", "seqpacket", else "type<N>".
std::string_view socktype_text(uint16_t type, TextBuffer& buf);
std::optional<uint16_t> parse_socktype(std::string_view text);

// "10.0.0.1:123" or "[fe80::1]:123". IPv4-mapped IPv6 keeps its IPv6 spelling
// ("[::ffff:10.0.0.1]:123") so the family survives a round trip. Empty for an address that is
// neither IPv4 nor IPv6: the model has no other kind.
std::string_view endpoint_text(const SockAddr& addr, TextBuffer& buf);
// "10.0.0.1" or "fe80::1": for addresses whose port means nothing (pktinfo destination,
// multicast group, interface, capture host).
std::string_view ip_text(const SockAddr& addr, TextBuffer& buf);

// The inverses: SockAddr::parse and SockAddr::parse_ip, with a fast path for plain IPv4 (the
// common case, read for nearly every event).
std::optional<SockAddr> parse_endpoint(std::string_view text);
std::optional<SockAddr> parse_ip(std::string_view text);

// "data": hex digits (either case) to bytes, into `out` (its storage reused). False when the
// length is odd or a character is not a hex digit.
bool decode_hex(std::string_view text, std::vector<uint8_t>& out);

// The members of "timex", in the order they are written.
struct TimexField {
    std::string_view name;
    std::variant<uint32_t Timex::*, int32_t Timex::*, int64_t Timex::*> member;
};

inline constexpr std::array<TimexField, 13> kTimexFields = {{
    {"modes", &Timex::modes},
    {"offset", &Timex::offset},
    {"freq", &Timex::freq},
    {"maxerror", &Timex::maxerror},
    {"esterror", &Timex::esterror},
    {"status", &Timex::status},
    {"constant", &Timex::constant},
    {"precision", &Timex::precision},
    {"tolerance", &Timex::tolerance},
    {"time_sec", &Timex::time_sec},
    {"time_usec", &Timex::time_usec},
    {"tick", &Timex::tick},
    {"tai", &Timex::tai},
}};

}  // namespace ntpscope::trace
