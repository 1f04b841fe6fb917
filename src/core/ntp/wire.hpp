// Big-endian field reads for the decoder. Callers check the span is long enough first:
// these helpers exist so that check happens once per field, not once per byte.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

namespace ntpscope::ntp::wire {

inline uint16_t be16(std::span<const uint8_t> b, size_t at) {
    return static_cast<uint16_t>((b[at] << 8) | b[at + 1]);
}

inline uint32_t be32(std::span<const uint8_t> b, size_t at) {
    return (uint32_t{b[at]} << 24) | (uint32_t{b[at + 1]} << 16) | (uint32_t{b[at + 2]} << 8) |
           uint32_t{b[at + 3]};
}

// True when the `len` bytes at `at` lie inside the span.
inline bool has(std::span<const uint8_t> b, size_t at, size_t len) {
    return at <= b.size() && len <= b.size() - at;
}

}  // namespace ntpscope::ntp::wire
