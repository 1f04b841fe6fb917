// When `watch` ends a segment and how much disk its directory may use, from --segment and
// --max-disk as users type them.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ntpscope::app {

// "100M", "1G", "512K", "2T" (powers of 1024, an optional B or iB after the letter) or a bare
// number of bytes. The letters are capitals so that `--segment 100m` stays 100 minutes.
// nullopt when malformed, zero, or above 1 PiB.
std::optional<uint64_t> parse_size(std::string_view text);

struct SegmentPolicy {
    std::optional<std::chrono::nanoseconds> max_age;
    std::optional<uint64_t> max_bytes;
    uint64_t max_disk = 0;  // 0: no limit
};

// --segment is a duration ("1h", as --duration) or a size ("100M"); --max-disk a size or empty.
// A segment also ends at a quarter of --max-disk, so the budget always holds several and never
// has to delete the one being written. Throws std::runtime_error naming the option.
SegmentPolicy plan_segments(const std::string& segment, const std::string& max_disk);

// Whether a segment this old and this large is complete.
bool segment_complete(const SegmentPolicy& policy, std::chrono::nanoseconds age, uint64_t bytes);

}  // namespace ntpscope::app
