#include "core/import/strace/syntax.hpp"

#include <charconv>
#include <cstring>

namespace ntpscope::import::strace {

namespace {

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

}  // namespace

std::optional<int64_t> parse_int(std::string_view text) {
    if (text.empty()) return std::nullopt;
    bool negative = text.front() == '-';
    if (negative) text.remove_prefix(1);
    int base = 10;
    if (text.size() > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) {
        text.remove_prefix(2);
        base = 16;
    }
    uint64_t value = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value, base);
    if (ec != std::errc{} || end != text.data() + text.size()) return std::nullopt;
    // Hex values are bit patterns (0xffffffffffffffff is -1): keep their two's complement.
    auto result = static_cast<int64_t>(value);
    return negative ? -result : result;
}

std::optional<uint64_t> parse_flags(kabi::Table table, std::string_view text) {
    uint64_t bits = 0;
    while (!text.empty()) {
        size_t bar = text.find('|');
        std::string_view part = text.substr(0, bar);
        while (!part.empty() && part.back() == ' ') part.remove_suffix(1);
        while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
        std::optional<int64_t> value = parse_int(part);
        if (!value) value = kabi::value_of(table, part);
        if (!value) return std::nullopt;
        bits |= static_cast<uint64_t>(*value);
        if (bar == std::string_view::npos) break;
        text.remove_prefix(bar + 1);
    }
    return bits;
}

bool unescape(std::string_view body, std::vector<uint8_t>& out) {
    const char* p = body.data();
    const char* end = p + body.size();
    while (p < end) {
        const char* backslash = static_cast<const char*>(std::memchr(p, '\\', end - p));
        const char* plain_end = backslash ? backslash : end;
        out.insert(out.end(), p, plain_end);
        if (!backslash) break;
        p = backslash + 1;
        if (p == end) return false;
        char c = *p++;
        switch (c) {
            case 'x': {
                int hi = p < end ? hex_value(*p) : -1;
                if (hi < 0) return false;
                ++p;
                int value = hi;
                if (p < end && hex_value(*p) >= 0) value = value * 16 + hex_value(*p++);
                out.push_back(static_cast<uint8_t>(value));
                break;
            }
            case 'n': out.push_back('\n'); break;
            case 't': out.push_back('\t'); break;
            case 'r': out.push_back('\r'); break;
            case 'v': out.push_back('\v'); break;
            case 'f': out.push_back('\f'); break;
            case 'a': out.push_back('\a'); break;
            case 'b': out.push_back('\b'); break;
            case '\\': case '"': case '\'': case '?': out.push_back(static_cast<uint8_t>(c)); break;
            default: {
                if (c < '0' || c > '7') return false;
                int value = c - '0';
                for (int i = 0; i < 2 && p < end && *p >= '0' && *p <= '7'; ++i) value = value * 8 + (*p++ - '0');
                if (value > 0xff) return false;
                out.push_back(static_cast<uint8_t>(value));
            }
        }
    }
    return true;
}

std::optional<int64_t> parse_seconds(std::string_view text) {
    auto dot = text.find('.');
    std::string_view whole = text.substr(0, dot);
    if (whole.empty()) return std::nullopt;
    int64_t seconds = 0;
    auto [end, ec] = std::from_chars(whole.data(), whole.data() + whole.size(), seconds);
    if (ec != std::errc{} || end != whole.data() + whole.size() || seconds < 0) return std::nullopt;
    int64_t fraction_ns = 0;
    if (dot != std::string_view::npos) {
        std::string_view fraction = text.substr(dot + 1);
        if (fraction.empty() || fraction.size() > 9) return std::nullopt;
        for (char c : fraction) {
            if (!is_digit(c)) return std::nullopt;
            fraction_ns = fraction_ns * 10 + (c - '0');
        }
        for (size_t i = fraction.size(); i < 9; ++i) fraction_ns *= 10;
    }
    if (seconds > INT64_MAX / 1'000'000'000 - 1) return std::nullopt;
    return seconds * 1'000'000'000 + fraction_ns;
}

}  // namespace ntpscope::import::strace
