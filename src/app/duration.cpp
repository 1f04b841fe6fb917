#include "app/duration.hpp"

#include <charconv>
#include <cmath>

namespace ntpscope::app {

namespace {
// Shorter is no recording at all; longer overflows nanoseconds on the way (inf, 106752d).
constexpr double kShortestSeconds = 1e-3;
constexpr double kLongestSeconds = 10 * 366 * 86400.0;
}  // namespace

std::optional<std::chrono::nanoseconds> parse_duration(std::string_view text) {
    double value = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc{} || !std::isfinite(value) || value <= 0) return std::nullopt;
    std::string_view unit(end, static_cast<size_t>(text.data() + text.size() - end));
    double seconds_per_unit = 0;
    if (unit.empty() || unit == "s") seconds_per_unit = 1;
    else if (unit == "ms") seconds_per_unit = 1e-3;
    else if (unit == "m") seconds_per_unit = 60;
    else if (unit == "h") seconds_per_unit = 3600;
    else if (unit == "d") seconds_per_unit = 86400;
    else return std::nullopt;
    const double seconds = value * seconds_per_unit;
    if (seconds < kShortestSeconds || seconds > kLongestSeconds) return std::nullopt;
    return std::chrono::nanoseconds(static_cast<int64_t>(seconds * 1e9));
}

}  // namespace ntpscope::app
