#include "core/trace/trace_text.hpp"

#include <sys/socket.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cstring>

namespace ntpscope::trace_text {

namespace {

struct Name {
    uint16_t value;
    std::string_view text;
};

constexpr std::array<Name, 4> kFamilies = {{
    {AF_INET, "inet"},
    {AF_INET6, "inet6"},
    {AF_UNIX, "unix"},
    {AF_NETLINK, "netlink"},
}};

constexpr std::array<Name, 4> kTypes = {{
    {SOCK_DGRAM, "dgram"},
    {SOCK_STREAM, "stream"},
    {SOCK_RAW, "raw"},
    {SOCK_SEQPACKET, "seqpacket"},
}};

// A known name, else `prefix` followed by the number.
template <size_t N>
std::string_view name_or_number(const std::array<Name, N>& names, std::string_view prefix,
                                uint16_t value, TextBuffer& buf) {
    for (const Name& name : names)
        if (name.value == value) return name.text;
    std::memcpy(buf.chars, prefix.data(), prefix.size());
    char* end = std::to_chars(buf.chars + prefix.size(), std::end(buf.chars), value).ptr;
    return {buf.chars, static_cast<size_t>(end - buf.chars)};
}

template <size_t N>
std::optional<uint16_t> parse_name_or_number(const std::array<Name, N>& names,
                                             std::string_view prefix, std::string_view text) {
    for (const Name& name : names)
        if (name.text == text) return name.value;
    if (!text.starts_with(prefix) || text.size() == prefix.size()) return std::nullopt;
    uint16_t value = 0;
    const char* first = text.data() + prefix.size();
    const char* last = text.data() + text.size();
    auto [end, ec] = std::from_chars(first, last, value);
    if (ec != std::errc{} || end != last) return std::nullopt;
    return value;
}

char* write_ipv4(const uint8_t* bytes, char* out) {
    for (int i = 0; i < 4; ++i) {
        if (i) *out++ = '.';
        out = std::to_chars(out, out + 3, bytes[i]).ptr;
    }
    return out;
}

// RFC 5952 text: lowercase hex, the longest run of two or more zero groups (the first on a tie)
// as "::".
char* write_ipv6(const std::array<uint8_t, 16>& ip, char* out) {
    uint16_t groups[8];
    for (int i = 0; i < 8; ++i) groups[i] = static_cast<uint16_t>(ip[2 * i] << 8 | ip[2 * i + 1]);
    int zeros_at = -1;
    int zeros_len = 1;
    for (int i = 0; i < 8;) {
        int end = i;
        while (end < 8 && groups[end] == 0) ++end;
        if (end - i > zeros_len) {
            zeros_at = i;
            zeros_len = end - i;
        }
        i = std::max(end, i + 1);
    }
    for (int i = 0; i < 8;) {
        if (i == zeros_at) {
            *out++ = ':';
            *out++ = ':';
            i += zeros_len;
            continue;
        }
        if (i != 0 && i != zeros_at + zeros_len) *out++ = ':';
        out = std::to_chars(out, out + 4, groups[i], 16).ptr;
        ++i;
    }
    return out;
}

// The address without a port at `out`; returns the end. By hand rather than inet_ntop, which
// goes through sprintf: the recorder formats addresses for almost every event.
char* write_ip(const SockAddr& addr, char* out) {
    if (addr.family == AF_INET) return write_ipv4(addr.ip.data(), out);
    if (addr.is_v4()) {  // IPv4-mapped: RFC 5952 section 5
        constexpr std::string_view prefix = "::ffff:";
        return write_ipv4(addr.ip.data() + 12, std::copy(prefix.begin(), prefix.end(), out));
    }
    return write_ipv6(addr.ip, out);
}

// Canonical dotted quad only ("10.0.0.1", no leading zeros); anything else is left to
// inet_pton, which decides the same way.
std::optional<SockAddr> parse_dotted_quad(std::string_view text) {
    uint32_t ip = 0;
    size_t i = 0;
    for (int part = 0; part < 4; ++part) {
        if (part > 0) {
            if (i == text.size() || text[i] != '.') return std::nullopt;
            ++i;
        }
        const size_t start = i;
        unsigned value = 0;
        while (i < text.size() && i - start < 3 && text[i] >= '0' && text[i] <= '9')
            value = value * 10 + static_cast<unsigned>(text[i++] - '0');
        if (i == start || value > 255 || (text[start] == '0' && i - start > 1)) return std::nullopt;
        ip = ip << 8 | value;
    }
    if (i != text.size()) return std::nullopt;
    return SockAddr::v4(ip, 0);
}

bool is_ip(const SockAddr& addr) { return addr.family == AF_INET || addr.family == AF_INET6; }

}  // namespace

std::string_view family_text(uint16_t family, TextBuffer& buf) {
    return name_or_number(kFamilies, "af", family, buf);
}

std::optional<uint16_t> parse_family(std::string_view text) {
    return parse_name_or_number(kFamilies, "af", text);
}

std::string_view socktype_text(uint16_t type, TextBuffer& buf) {
    return name_or_number(kTypes, "type", type, buf);
}

std::optional<uint16_t> parse_socktype(std::string_view text) {
    return parse_name_or_number(kTypes, "type", text);
}

std::string_view endpoint_text(const SockAddr& addr, TextBuffer& buf) {
    if (!is_ip(addr)) return {};
    char* out = buf.chars;
    const bool v6 = addr.family == AF_INET6;
    if (v6) *out++ = '[';
    out = write_ip(addr, out);
    if (v6) *out++ = ']';
    *out++ = ':';
    out = std::to_chars(out, std::end(buf.chars), addr.port).ptr;
    return {buf.chars, static_cast<size_t>(out - buf.chars)};
}

std::string_view ip_text(const SockAddr& addr, TextBuffer& buf) {
    if (!is_ip(addr)) return {};
    const char* end = write_ip(addr, buf.chars);
    return {buf.chars, static_cast<size_t>(end - buf.chars)};
}

std::optional<SockAddr> parse_endpoint(std::string_view text) {
    const size_t colon = text.rfind(':');
    if (colon != std::string_view::npos) {
        if (auto addr = parse_dotted_quad(text.substr(0, colon))) {
            const char* last = text.data() + text.size();
            auto [end, ec] = std::from_chars(text.data() + colon + 1, last, addr->port);
            if (ec == std::errc{} && end == last) return addr;
        }
    }
    return SockAddr::parse(text);
}

std::optional<SockAddr> parse_ip(std::string_view text) {
    if (auto addr = parse_dotted_quad(text)) return addr;
    return SockAddr::parse_ip(text);
}

}  // namespace ntpscope::trace_text
