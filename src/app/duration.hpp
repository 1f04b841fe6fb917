// Durations as users type them, for record's and watch's --duration.
#pragma once

#include <chrono>
#include <optional>
#include <string_view>

namespace ntpscope::app {

// "90s", "30m", "6h", "1d", "500ms"; a bare number means seconds. nullopt when malformed,
// not finite, or outside 1 ms .. 10 years.
std::optional<std::chrono::nanoseconds> parse_duration(std::string_view text);

}  // namespace ntpscope::app
