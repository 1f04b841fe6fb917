#include "app/segment_policy.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <stdexcept>

#include "app/duration.hpp"

namespace ntpscope::app {

namespace {
constexpr uint64_t kLargestSize = uint64_t{1} << 50;
// Below this a segment is mostly its header, and rotation would churn the directory.
constexpr uint64_t kSmallestSegment = 64 * 1024;
constexpr int kSegmentsInBudget = 4;
}  // namespace

std::optional<uint64_t> parse_size(std::string_view text) {
    uint64_t value = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc{} || value == 0) return std::nullopt;
    std::string_view unit(end, static_cast<size_t>(text.data() + text.size() - end));
    if (unit.ends_with("iB")) unit.remove_suffix(2);
    else if (unit.size() == 2 && unit.ends_with('B')) unit.remove_suffix(1);
    int shift = 0;
    if (unit.empty() || unit == "B") shift = 0;
    else if (unit == "K") shift = 10;
    else if (unit == "M") shift = 20;
    else if (unit == "G") shift = 30;
    else if (unit == "T") shift = 40;
    else return std::nullopt;
    if (value > (kLargestSize >> shift)) return std::nullopt;
    return value << shift;
}

SegmentPolicy plan_segments(const std::string& segment, const std::string& max_disk) {
    SegmentPolicy policy;
    if (auto bytes = parse_size(segment)) {
        if (*bytes < kSmallestSegment)
            throw std::runtime_error(fmt::format("--segment {}: at least {} bytes", segment, kSmallestSegment));
        policy.max_bytes = bytes;
    } else if (auto age = parse_duration(segment)) {
        if (*age < std::chrono::seconds(1))
            throw std::runtime_error(fmt::format("--segment {}: at least 1s", segment));
        policy.max_age = age;
    } else {
        throw std::runtime_error(
            fmt::format("--segment '{}': expected a duration (30m, 1h, 1d) or a size (100M, 1G)", segment));
    }
    if (!max_disk.empty()) {
        auto budget = parse_size(max_disk);
        if (!budget || *budget < kSegmentsInBudget * kSmallestSegment)
            throw std::runtime_error(fmt::format("--max-disk '{}': expected a size of at least {} bytes (500M, 1G)",
                                                 max_disk, kSegmentsInBudget * kSmallestSegment));
        policy.max_disk = *budget;
        const uint64_t share = *budget / kSegmentsInBudget;
        policy.max_bytes = std::min(policy.max_bytes.value_or(share), share);
    }
    return policy;
}

bool segment_complete(const SegmentPolicy& policy, std::chrono::nanoseconds age, uint64_t bytes) {
    return (policy.max_age && age >= *policy.max_age) || (policy.max_bytes && bytes >= *policy.max_bytes);
}

}  // namespace ntpscope::app
