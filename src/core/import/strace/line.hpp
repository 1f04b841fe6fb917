// One line of strace output, split into its parts: the -f pid prefix ("[pid 123] ", "123 ",
// "123<ntpd> " with -Y), the -t/-tt/-ttt/-r timestamp, and the body; and a call's result
// (" = 48", " = -1 EAGAIN (...)", " = 0 (TIME_OK)", " = 3<UDP:[...]>", " = ? ERESTARTSYS ...").
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace ntpscope::import::strace {

enum class TimeKind : uint8_t {
    none,
    time_of_day,  // -t / -tt: local time, ns since midnight
    epoch,        // -ttt: ns since the Unix epoch
    relative,     // -r: ns since the previous line
};

struct LineHead {
    std::optional<uint32_t> tid;
    std::string_view comm;  // -Y
    TimeKind time_kind = TimeKind::none;
    int64_t time = 0;
    std::string_view body;
};

LineHead split_head(std::string_view line);

struct CallResult {
    bool complete = true;  // false for "= ?": the call never returned (process gone)
    int64_t ret = 0;
    int32_t err = 0;
    std::string_view decoration;  // of a returned fd
    int64_t duration = 0;         // -T: the time spent in the call, ns (0 without -T)
};

// `text` follows the argument list's ')'. Nullopt when there is no " = RESULT".
std::optional<CallResult> parse_result(std::string_view text);

// What kind of hex-dump line (-e read=/-e write=) this is, if any.
enum class DumpLine : uint8_t {
    none,
    bytes,    // " | 00000  1c 02 ...  ascii |"
    buffer,   // " * 48 bytes in buffer 0"
    vector,   // " = 1 buffers in vector 0" (recvmmsg/sendmmsg: message index)
};
DumpLine dump_line_kind(std::string_view line);
// The message index of a vector line.
std::optional<uint32_t> dump_vector_index(std::string_view line);
// Appends the bytes of a " | ..." line; false when the columns are not hex.
bool dump_bytes(std::string_view line, std::vector<uint8_t>& out);

}  // namespace ntpscope::import::strace
