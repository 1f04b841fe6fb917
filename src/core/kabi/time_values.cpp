#include "core/kabi/kabi.hpp"
#include "core/kabi/raw.hpp"

namespace ntpscope::kabi {

namespace {

// {seconds, sub-second count}: rejects sub-second values out of range (not a time value) and
// seconds whose ns would not fit in int64.
std::optional<int64_t> decode_time_value(std::span<const uint8_t> raw, int64_t units_per_second) {
    if (!raw::has(raw, 0, layout::kTimeValueSize)) return std::nullopt;
    const auto sec = raw::load<int64_t>(raw, 0);
    const auto sub = raw::load<int64_t>(raw, layout::kTimeValueSub);
    if (sub < 0 || sub >= units_per_second) return std::nullopt;
    int64_t ns = 0;
    if (__builtin_mul_overflow(sec, int64_t{1'000'000'000}, &ns) ||
        __builtin_add_overflow(ns, sub * (1'000'000'000 / units_per_second), &ns)) {
        return std::nullopt;
    }
    return ns;
}

}  // namespace

std::optional<int64_t> decode_timespec(std::span<const uint8_t> raw) {
    return decode_time_value(raw, 1'000'000'000);
}

std::optional<int64_t> decode_timeval(std::span<const uint8_t> raw) {
    return decode_time_value(raw, 1'000'000);
}

}  // namespace ntpscope::kabi
