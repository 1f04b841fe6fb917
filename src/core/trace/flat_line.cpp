#include "core/trace/flat_line.hpp"

#include <bit>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace ntpscope::trace {

namespace {

// The first byte at or after `p` that may not stand in a plain string: a quote, a backslash,
// a control character (the '\n' after the line stops it) or a byte from 0x80 up.
const char* string_stop(const char* p) {
#if defined(__SSE2__)
    for (;; p += 16) {
        const __m128i chars = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
        // Signed compare: below 0x20 or from 0x80 up.
        const __m128i stop = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(chars, _mm_set1_epi8('"')),
                                                       _mm_cmpeq_epi8(chars, _mm_set1_epi8('\\'))),
                                          _mm_cmplt_epi8(chars, _mm_set1_epi8(0x20)));
        if (const auto mask = static_cast<unsigned>(_mm_movemask_epi8(stop))) return p + std::countr_zero(mask);
    }
#else
    for (;; ++p) {
        const auto c = static_cast<unsigned char>(*p);
        if (c == '"' || c == '\\' || c < 0x20 || c >= 0x80) return p;
    }
#endif
}

// A string of printable ASCII without escapes at `p` (its opening quote), which it passes.
bool scan_string(const char*& p, const char* end, std::string_view& text) {
    const char* first = p + 1;
    p = string_stop(first);
    if (p >= end || *p != '"') return false;
    text = {first, static_cast<size_t>(p - first)};
    ++p;
    return true;
}

// True when the eight bytes of `chunk` are all decimal digits.
bool eight_digits(uint64_t chunk) {
    return ((chunk & 0xf0f0f0f0f0f0f0f0) | (((chunk + 0x0606060606060606) & 0xf0f0f0f0f0f0f0f0) >> 4)) ==
           0x3333333333333333;
}

// The number the eight digits of `chunk` spell, the first in its lowest byte.
uint64_t eight_digits_value(uint64_t chunk) {
    chunk -= 0x3030303030303030;
    chunk = (chunk * 10 + (chunk >> 8)) & 0x00ff00ff00ff00ff;
    chunk = (chunk * 100 + (chunk >> 16)) & 0x0000ffff0000ffff;
    return (chunk * 10000 + (chunk >> 32)) & 0xffffffff;
}

// A JSON integer at `p`, which it passes. -0, leading zeros and numbers of more than 19 digits
// are refused: simdjson decides what they are. Timestamps have 19 digits: eight at a time.
bool scan_integer(const char*& p, const char* end, ScannedValue& value) {
    value.kind = ScannedValue::Kind::integer;
    value.negative = *p == '-';
    if (value.negative) ++p;
    const char* digits = p;
    uint64_t number = 0;
    if constexpr (std::endian::native == std::endian::little) {
        uint64_t chunk;
        while (end - p >= 8 && (std::memcpy(&chunk, p, 8), eight_digits(chunk))) {
            number = number * 100000000 + eight_digits_value(chunk);
            p += 8;
        }
    }
    for (; p != end && static_cast<unsigned>(*p - '0') <= 9; ++p) number = number * 10 + static_cast<unsigned>(*p - '0');
    const auto count = static_cast<size_t>(p - digits);
    if (count == 0 || count > 19 || (*digits == '0' && (count > 1 || value.negative))) return false;
    if (value.negative && number > uint64_t{1} << 63) return false;
    value.magnitude = number;
    return true;
}

}  // namespace

bool FlatLine::scan(std::string_view line, size_t known_at, size_t known_length) {
    count_ = 0;
    const char* const begin = line.data();
    const char* const end = begin + line.size();
    const char* p = begin;
    if (p == end || *p++ != '{') return false;
    if (p != end && *p == '}') return ++p == end;
    for (;;) {
        if (count_ == kMaxFields || p == end || *p != '"') return false;
        ScannedField& field = fields_[count_++];
        if (!scan_string(p, end, field.key) || p == end || *p++ != ':' || p == end) return false;
        if (*p == '"') {
            field.value.kind = ScannedValue::Kind::string;
            if (!scan_string(p, end, field.value.text)) return false;
        } else if (*p == '{') {
            if (static_cast<size_t>(p - begin) != known_at) return false;
            field.value.kind = ScannedValue::Kind::known_object;
            p += known_length;
        } else if (!scan_integer(p, end, field.value)) {
            return false;
        }
        if (p == end) return false;
        const char separator = *p++;
        if (separator == '}') return p == end;
        if (separator != ',') return false;
    }
}

}  // namespace ntpscope::trace
