#include "core/trace/trace_text.hpp"

#include <sys/socket.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace ntpscope::trace {

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

// The digit at `p` as a number, or a value above 9.
unsigned digit_at(const char* p) { return static_cast<unsigned>(*p - '0'); }

// A decimal number of 1 to `max_digits` digits without a leading zero at `p`, stopping at the
// first non-digit; false when there is none or it has too many digits.
template <int max_digits>
bool parse_canonical_number(const char*& p, const char* end, uint32_t& value) {
    if (p == end || digit_at(p) > 9) return false;
    value = digit_at(p++);
    if (value == 0) return p == end || digit_at(p) > 9;
    for (int i = 1; i < max_digits; ++i) {
        if (p == end || digit_at(p) > 9) return true;
        value = value * 10 + digit_at(p++);
    }
    return p == end || digit_at(p) > 9;
}

// Canonical dotted quad only ("10.0.0.1", no leading zeros) at `p`, which it advances; anything
// else is left to inet_pton, which decides the same way.
bool parse_dotted_quad(const char*& p, const char* end, uint32_t& ip) {
    ip = 0;
    for (int part = 0; part < 4; ++part) {
        if (part > 0 && (p == end || *p++ != '.')) return false;
        uint32_t octet = 0;
        if (!parse_canonical_number<3>(p, end, octet) || octet > 255) return false;
        ip = ip << 8 | octet;
    }
    return true;
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

// The fast paths take "a.b.c.d:port" and "a.b.c.d" in one pass; whatever they refuse goes to
// the general parser, so they only decide how fast, never what is accepted.
std::optional<SockAddr> parse_endpoint(std::string_view text) {
    const char* p = text.data();
    const char* end = p + text.size();
    uint32_t ip = 0;
    uint32_t port = 0;
    if (parse_dotted_quad(p, end, ip) && p != end && *p++ == ':' &&
        parse_canonical_number<5>(p, end, port) && p == end && port <= 65535)
        return SockAddr::v4(ip, static_cast<uint16_t>(port));
    return SockAddr::parse(text);
}

std::optional<SockAddr> parse_ip(std::string_view text) {
    const char* p = text.data();
    const char* end = p + text.size();
    uint32_t ip = 0;
    if (parse_dotted_quad(p, end, ip) && p == end) return SockAddr::v4(ip, 0);
    return SockAddr::parse_ip(text);
}

namespace {

constexpr std::array<int8_t, 256> make_hex_table() {
    std::array<int8_t, 256> table{};
    table.fill(-1);
    for (int i = 0; i < 10; ++i) table['0' + i] = static_cast<int8_t>(i);
    for (int i = 0; i < 6; ++i) {
        table['a' + i] = static_cast<int8_t>(10 + i);
        table['A' + i] = static_cast<int8_t>(10 + i);
    }
    return table;
}

constexpr std::array<int8_t, 256> kHexValue = make_hex_table();

#if defined(__SSE2__)
// Sixteen hex digits at `in` to their eight bytes at `out`, in one SSE2 register (the x86-64
// baseline): the payload is read for nearly every event. False when one is not a hex digit.
bool decode_hex16(const char* in, uint8_t* out) {
    const __m128i chars = _mm_loadu_si128(reinterpret_cast<const __m128i*>(in));
    const __m128i lower = _mm_or_si128(chars, _mm_set1_epi8(0x20));
    // Signed compares: bytes from 0x80 up are negative, so neither digits nor letters.
    const __m128i digit = _mm_and_si128(_mm_cmpgt_epi8(chars, _mm_set1_epi8('0' - 1)),
                                        _mm_cmplt_epi8(chars, _mm_set1_epi8('9' + 1)));
    const __m128i letter = _mm_and_si128(_mm_cmpgt_epi8(lower, _mm_set1_epi8('a' - 1)),
                                         _mm_cmplt_epi8(lower, _mm_set1_epi8('f' + 1)));
    const __m128i nibbles = _mm_or_si128(_mm_and_si128(digit, _mm_sub_epi8(chars, _mm_set1_epi8('0'))),
                                         _mm_and_si128(letter, _mm_sub_epi8(lower, _mm_set1_epi8('a' - 10))));
    // Each 16-bit lane holds a digit pair, the high nibble in its low byte.
    const __m128i pairs = _mm_or_si128(_mm_slli_epi16(_mm_and_si128(nibbles, _mm_set1_epi16(0x00ff)), 4),
                                       _mm_srli_epi16(nibbles, 8));
    _mm_storel_epi64(reinterpret_cast<__m128i*>(out), _mm_packus_epi16(pairs, pairs));
    return _mm_movemask_epi8(_mm_or_si128(digit, letter)) == 0xffff;
}
#endif

}  // namespace

bool decode_hex(std::string_view text, std::vector<uint8_t>& out) {
    if (text.size() % 2 != 0) return false;
    out.resize(text.size() / 2);
    const char* in = text.data();
    uint8_t* to = out.data();
    size_t i = 0;
    bool good = true;
#if defined(__SSE2__)
    for (; i + 16 <= text.size(); i += 16, to += 8) good &= decode_hex16(in + i, to);
#endif
    int bad = 0;
    for (; i < text.size(); i += 2) {
        const int hi = kHexValue[static_cast<uint8_t>(in[i])];
        const int lo = kHexValue[static_cast<uint8_t>(in[i + 1])];
        bad |= hi | lo;  // negative when either digit is not hex
        *to++ = static_cast<uint8_t>((hi << 4) | lo);
    }
    return good && bad >= 0;
}

}  // namespace ntpscope::trace
