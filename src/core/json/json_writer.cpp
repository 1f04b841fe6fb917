#include "core/json/json_writer.hpp"

#include <array>
#include <cmath>
#include <cstring>

#include <fmt/format.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace ntpscope::json {

namespace {

// What to do with each byte inside a string: copy it, write a short escape, write \u00XX, or
// check the UTF-8 sequence it starts.
enum : char { kCopy = 0, kUnicodeEscape = 'u', kUtf8 = '8' };

constexpr std::array<char, 256> make_escape_table() {
    std::array<char, 256> table{};
    for (int c = 0; c < 0x20; ++c) table[c] = kUnicodeEscape;
    table['\b'] = 'b';
    table['\f'] = 'f';
    table['\n'] = 'n';
    table['\r'] = 'r';
    table['\t'] = 't';
    table['"'] = '"';
    table['\\'] = '\\';
    for (int c = 0x80; c < 0x100; ++c) table[c] = kUtf8;
    return table;
}

constexpr std::array<char, 256> kEscape = make_escape_table();
constexpr char kHexDigits[] = "0123456789abcdef";

// Both hex digits of every byte value, so a payload is encoded with one copy per byte.
constexpr std::array<std::array<char, 2>, 256> make_hex_pairs() {
    std::array<std::array<char, 2>, 256> pairs{};
    for (int b = 0; b < 256; ++b) pairs[b] = {kHexDigits[b >> 4], kHexDigits[b & 0xf]};
    return pairs;
}

constexpr std::array<std::array<char, 2>, 256> kHexPairs = make_hex_pairs();

bool is_continuation(uint8_t byte) { return (byte & 0xc0) == 0x80; }

// Length of the well-formed UTF-8 sequence at text[i] (Unicode table 3-7), or 0 when the bytes
// there are not one: overlong forms, surrogates and code points above U+10FFFF are rejected.
size_t utf8_sequence_length(std::string_view text, size_t i) {
    const auto byte = [&](size_t k) { return static_cast<uint8_t>(text[i + k]); };
    const size_t left = text.size() - i;
    const uint8_t lead = byte(0);
    size_t length = 0;
    uint8_t second_min = 0x80;
    uint8_t second_max = 0xbf;
    if (lead >= 0xc2 && lead <= 0xdf) {
        length = 2;
    } else if (lead >= 0xe0 && lead <= 0xef) {
        length = 3;
        if (lead == 0xe0) second_min = 0xa0;
        if (lead == 0xed) second_max = 0x9f;
    } else if (lead >= 0xf0 && lead <= 0xf4) {
        length = 4;
        if (lead == 0xf0) second_min = 0x90;
        if (lead == 0xf4) second_max = 0x8f;
    } else {
        return 0;
    }
    if (left < length) return 0;
    if (byte(1) < second_min || byte(1) > second_max) return 0;
    for (size_t k = 2; k < length; ++k)
        if (!is_continuation(byte(k))) return 0;
    return length;
}

#if defined(__SSE2__)
// Sixteen bytes at `in` to their 32 hex digits at `out`, in SSE2 registers (the x86-64
// baseline): each nibble plus '0', plus the gap to 'a' where it is above 9, high nibbles first.
void hex16(const uint8_t* in, char* out) {
    const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(in));
    const __m128i low_nibble = _mm_set1_epi8(0x0f);
    const auto digits = [](__m128i nibbles) {
        const __m128i above_nine = _mm_cmpgt_epi8(nibbles, _mm_set1_epi8(9));
        return _mm_add_epi8(_mm_add_epi8(nibbles, _mm_set1_epi8('0')),
                            _mm_and_si128(above_nine, _mm_set1_epi8('a' - '0' - 10)));
    };
    const __m128i high = digits(_mm_and_si128(_mm_srli_epi16(bytes, 4), low_nibble));
    const __m128i low = digits(_mm_and_si128(bytes, low_nibble));
    _mm_storeu_si128(reinterpret_cast<__m128i*>(out), _mm_unpacklo_epi8(high, low));
    _mm_storeu_si128(reinterpret_cast<__m128i*>(out + 16), _mm_unpackhi_epi8(high, low));
}
#endif

}  // namespace

template <class Out>
void append_string(Out& out, std::string_view text) {
    out.push_back('"');
    size_t run_start = 0;  // start of the bytes that are copied as they are
    size_t i = 0;
    while (i < text.size()) {
        const auto byte = static_cast<uint8_t>(text[i]);
        const char action = kEscape[byte];
        if (action == kCopy) {
            ++i;
            continue;
        }
        if (action == kUtf8) {
            if (size_t length = utf8_sequence_length(text, i)) {
                i += length;
                continue;
            }
        }
        out.append(text.data() + run_start, i - run_start);
        if (action == kUtf8) {
            out.append("\\ufffd", 6);
        } else if (action == kUnicodeEscape) {
            const char escape[] = {'\\', 'u', '0', '0', kHexDigits[byte >> 4], kHexDigits[byte & 0xf]};
            out.append(escape, sizeof escape);
        } else {
            const char escape[] = {'\\', action};
            out.append(escape, sizeof escape);
        }
        run_start = ++i;
    }
    out.append(text.data() + run_start, text.size() - run_start);
    out.push_back('"');
}

template <class Out>
void append_hex(Out& out, std::span<const uint8_t> bytes) {
    char* p = room(out, 2 * bytes.size() + 2);
    *p++ = '"';
    size_t i = 0;
#if defined(__SSE2__)
    for (; i + 16 <= bytes.size(); i += 16, p += 32) hex16(bytes.data() + i, p);
#endif
    for (; i < bytes.size(); ++i, p += 2) std::memcpy(p, kHexPairs[bytes[i]].data(), 2);
    *p++ = '"';
    used(out, p);
}

template <class Out>
BasicWriter<Out>& BasicWriter<Out>::number(double value) {
    if (!std::isfinite(value)) return null();
    constexpr size_t kLongest = 32;  // "-2.2250738585072014e-308" and a comma
    separate();
    used(out_, fmt::format_to(room(out_, kLongest), "{}", value));
    return done();
}

template void append_string(std::string&, std::string_view);
template void append_string(Buffer&, std::string_view);
template void append_hex(std::string&, std::span<const uint8_t>);
template void append_hex(Buffer&, std::span<const uint8_t>);
template class BasicWriter<std::string>;
template class BasicWriter<Buffer>;

}  // namespace ntpscope::json
