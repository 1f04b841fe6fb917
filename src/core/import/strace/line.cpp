#include "core/import/strace/line.hpp"

#include "core/import/strace/syntax.hpp"
#include "core/kabi/linux_names.hpp"
#include "core/model/errno_names.hpp"

namespace ntpscope::import::strace {

namespace {

// Linux's PID_MAX_LIMIT: a bare number above it is a timestamp, not a pid.
constexpr int64_t kPidMax = 4194304;
// -ttt values are Unix times; -r values are gaps between lines. Nothing real is between
// 3 years of silence and 1973.
constexpr int64_t kEpochThresholdNs = 100'000'000LL * 1'000'000'000LL;

size_t skip_spaces(std::string_view s, size_t p) {
    while (p < s.size() && s[p] == ' ') ++p;
    return p;
}

size_t skip_digits(std::string_view s, size_t p) {
    while (p < s.size() && is_digit(s[p])) ++p;
    return p;
}

int hex_digit(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// "1234" optionally followed by "<comm>"; returns the position after it, or npos.
size_t parse_pid(std::string_view s, size_t p, LineHead& head) {
    size_t end = skip_digits(s, p);
    auto tid = parse_int(s.substr(p, end - p));
    if (!tid || *tid > kPidMax) return std::string_view::npos;
    head.tid = static_cast<uint32_t>(*tid);
    if (end < s.size() && s[end] == '<') {
        size_t close = s.find('>', end);
        if (close == std::string_view::npos) return std::string_view::npos;
        head.comm = s.substr(end + 1, close - end - 1);
        end = close + 1;
    }
    return end;
}

std::optional<int64_t> parse_time_of_day(std::string_view token) {
    if (token.size() < 8 || token[2] != ':' || token[5] != ':') return std::nullopt;
    auto hours = parse_int(token.substr(0, 2));
    auto minutes = parse_int(token.substr(3, 2));
    auto seconds = parse_seconds(token.substr(6));
    if (!hours || !minutes || !seconds || *hours > 23 || *minutes > 59) return std::nullopt;
    return (*hours * 3600 + *minutes * 60) * 1'000'000'000LL + *seconds;
}

bool starts_with_number_then(std::string_view line, std::string_view prefix, std::string_view suffix) {
    if (line.substr(0, prefix.size()) != prefix) return false;
    size_t end = skip_digits(line, prefix.size());
    return end > prefix.size() && line.substr(end, suffix.size()) == suffix;
}

}  // namespace

LineHead split_head(std::string_view line) {
    LineHead head;
    size_t p = skip_spaces(line, 0);
    if (line.substr(p, 4) == "[pid") {
        size_t end = parse_pid(line, skip_spaces(line, p + 4), head);
        if (end != std::string_view::npos && end < line.size() && line[end] == ']')
            p = skip_spaces(line, end + 1);
        else
            head.tid.reset();
    } else if (p < line.size() && is_digit(line[p])) {
        size_t end = skip_digits(line, p);
        if (end < line.size() && (line[end] == ' ' || line[end] == '<')) {
            size_t after = parse_pid(line, p, head);
            if (after != std::string_view::npos) p = skip_spaces(line, after);
        }
    }
    if (p < line.size() && is_digit(line[p])) {
        size_t end = line.find(' ', p);
        if (end == std::string_view::npos) end = line.size();
        std::string_view token = line.substr(p, end - p);
        if (token.find(':') != std::string_view::npos) {
            if (auto tod = parse_time_of_day(token)) {
                head.time_kind = TimeKind::time_of_day;
                head.time = *tod;
            }
        } else if (auto seconds = parse_seconds(token)) {
            bool fraction = token.find('.') != std::string_view::npos;
            head.time_kind = (*seconds >= kEpochThresholdNs || !fraction) ? TimeKind::epoch : TimeKind::relative;
            head.time = *seconds;
        }
        if (head.time_kind != TimeKind::none) p = skip_spaces(line, end);
    }
    // -i prints "[00007f1c2e3a4b5c] " and -n "[ 47] " before the call.
    if (p < line.size() && line[p] == '[') {
        size_t close = line.find(']', p);
        bool all_hex = close != std::string_view::npos;
        for (size_t i = p + 1; all_hex && i < close; ++i) all_hex = line[i] == ' ' || hex_digit(line[i]) >= 0;
        if (all_hex && close + 1 < line.size() && line[close + 1] == ' ') p = skip_spaces(line, close + 1);
    }
    head.body = line.substr(p);
    return head;
}

std::optional<CallResult> parse_result(std::string_view text) {
    size_t p = skip_spaces(text, 0);
    if (p >= text.size() || text[p] != '=') return std::nullopt;
    p = skip_spaces(text, p + 1);
    if (p >= text.size()) return std::nullopt;
    CallResult result;
    if (text[p] == '?') {
        result.complete = false;
        ++p;
    } else {
        size_t end = p;
        while (end < text.size() && text[end] != ' ' && text[end] != '<') ++end;
        auto ret = parse_int(text.substr(p, end - p));
        if (!ret) return std::nullopt;
        result.ret = *ret;
        p = end;
        if (p < text.size() && text[p] == '<') {
            int brackets = 0;
            size_t q = p + 1;
            while (q < text.size() && !(text[q] == '>' && brackets == 0)) {
                if (text[q] == '[') ++brackets;
                else if (text[q] == ']' && brackets > 0) --brackets;
                ++q;
            }
            if (q >= text.size()) return std::nullopt;
            result.decoration = text.substr(p + 1, q - p - 1);
            p = q + 1;
        }
    }
    p = skip_spaces(text, p);
    if (p < text.size() && text[p] == 'E') {
        size_t end = p;
        while (end < text.size() && is_ident_char(text[end])) ++end;
        std::string_view name = text.substr(p, end - p);
        if (auto err = parse_errno(name)) result.err = *err;
        else if (auto internal = kabi::value_of(kabi::Table::kernel_errno, name))
            result.err = static_cast<int32_t>(*internal);
    }
    // -T: " <0.000012>" ends the line.
    size_t end = text.size();
    while (end > p && text[end - 1] == ' ') --end;
    if (end > p && text[end - 1] == '>') {
        size_t open = text.rfind('<', end - 1);
        if (open != std::string_view::npos && open >= p)
            if (auto seconds = parse_seconds(text.substr(open + 1, end - open - 2))) result.duration = *seconds;
    }
    return result;
}

DumpLine dump_line_kind(std::string_view line) {
    if (line.size() >= 10 && line.substr(0, 3) == " | " && line.substr(8, 2) == "  ") {
        for (size_t i = 3; i < 8; ++i)
            if (hex_digit(line[i]) < 0) return DumpLine::none;
        return DumpLine::bytes;
    }
    if (starts_with_number_then(line, " * ", " bytes in buffer ")) return DumpLine::buffer;
    if (starts_with_number_then(line, " = ", " buffers in vector ")) return DumpLine::vector;
    return DumpLine::none;
}

std::optional<uint32_t> dump_vector_index(std::string_view line) {
    size_t at = line.rfind(' ');
    if (at == std::string_view::npos) return std::nullopt;
    auto index = parse_int(line.substr(at + 1));
    if (!index || *index < 0 || *index > UINT32_MAX) return std::nullopt;
    return static_cast<uint32_t>(*index);
}

bool dump_bytes(std::string_view line, std::vector<uint8_t>& out) {
    // " | 00000  1c 02 03 ec 00 00 00 00  00 ...": 16 hex pairs, an extra space after the 8th.
    constexpr size_t kFirstColumn = 10;
    for (size_t i = 0; i < 16; ++i) {
        size_t col = kFirstColumn + i * 3 + (i >= 8 ? 1 : 0);
        if (col + 2 > line.size()) break;
        int hi = hex_digit(line[col]);
        int lo = hex_digit(line[col + 1]);
        if (hi < 0 || lo < 0) {
            if (line[col] == ' ' && line[col + 1] == ' ') break;  // a short last row
            return false;
        }
        out.push_back(static_cast<uint8_t>(hi * 16 + lo));
    }
    return true;
}

}  // namespace ntpscope::import::strace
