#include "core/ntp/packet.hpp"

namespace ntpscope::ntp {

namespace {

constexpr int64_t kNsPerSecond = 1'000'000'000;
constexpr int64_t kEraSeconds = int64_t{1} << 32;

int64_t floor_div(int64_t a, int64_t b) {
    int64_t q = a / b;
    if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
    return q;
}

// Rounded so that ns -> fraction -> ns is exact (one fraction unit is ~0.23 ns).
int64_t fraction_to_ns(uint32_t fraction) {
    return static_cast<int64_t>((uint64_t{fraction} * kNsPerSecond + (uint64_t{1} << 31)) >> 32);
}

uint32_t ns_to_fraction(int64_t ns_in_second) {
    auto scaled = (static_cast<uint64_t>(ns_in_second) << 32) + kNsPerSecond / 2;
    return static_cast<uint32_t>(scaled / kNsPerSecond);
}

}  // namespace

int64_t Timestamp::to_unix_ns(int64_t near_unix_ns) const {
    const int64_t era0_unix_s = int64_t{seconds} - kNtpToUnixSeconds;
    const int64_t near_s = floor_div(near_unix_ns, kNsPerSecond);
    // The era whose value lies within half an era (68 years) of the reference.
    const int64_t era = floor_div(near_s - era0_unix_s + kEraSeconds / 2, kEraSeconds);
    const int64_t unix_s = era0_unix_s + era * kEraSeconds;

    int64_t ns = 0;
    if (__builtin_mul_overflow(unix_s, kNsPerSecond, &ns) ||
        __builtin_add_overflow(ns, fraction_to_ns(fraction), &ns)) {
        return unix_s < 0 ? INT64_MIN : INT64_MAX;
    }
    return ns;
}

Timestamp Timestamp::from_unix_ns(int64_t unix_ns) {
    const int64_t unix_s = floor_div(unix_ns, kNsPerSecond);
    const int64_t ns_in_second = unix_ns - unix_s * kNsPerSecond;
    Timestamp t;
    // The era is dropped on the wire: only the low 32 bits of the seconds survive.
    t.seconds = static_cast<uint32_t>(static_cast<uint64_t>(unix_s + kNtpToUnixSeconds));
    t.fraction = ns_to_fraction(ns_in_second);
    return t;
}

}  // namespace ntpscope::ntp
