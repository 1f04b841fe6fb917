// The lexical pieces of strace output: numbers, flag expressions, C string bodies with strace's
// escapes, and decimal seconds. Everything works on string_views of the line; nothing allocates
// except the caller's output buffer.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "core/kabi/linux_names.hpp"

namespace ntpscope::import::strace {

// A whole token as strace prints integers: decimal (optionally negative) or 0x hex.
std::optional<int64_t> parse_int(std::string_view text);

// "A|B|0x40" or a plain number -> value, the names from `table`. Unknown names make it fail.
std::optional<uint64_t> parse_flags(kabi::Table table, std::string_view text);

// Appends the bytes of a C string body (the text between the quotes, still escaped: \x1c,
// octal \34 / \034, \n \t \r \v \f \\ \") to `out`. False on a malformed escape.
bool unescape(std::string_view body, std::vector<uint8_t>& out);

// "1314359273.745092" / "0.000123" / "12" -> nanoseconds. Up to 9 fraction digits.
std::optional<int64_t> parse_seconds(std::string_view text);

inline bool is_digit(char c) { return c >= '0' && c <= '9'; }
inline bool is_ident_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || is_digit(c) || c == '_';
}

}  // namespace ntpscope::import::strace
