#pragma once

#include <chrono>
#include <optional>
#include <string_view>

namespace ntpscope::cli {

// "90s", "30m", "6h", "1d", "500ms"; a bare number means seconds. nullopt when malformed or <= 0.
std::optional<std::chrono::nanoseconds> parse_duration(std::string_view text);

}  // namespace ntpscope::cli
