// Native-endian reads out of raw kernel structs, and the addresses inside them.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>
#include <span>

#include "core/model/sockaddr.hpp"
#include "core/kabi/layout.hpp"

namespace ntpscope::kabi::raw {

// True when the `len` bytes at `at` lie inside `bytes`.
inline bool has(std::span<const uint8_t> bytes, size_t at, size_t len) {
    return at <= bytes.size() && len <= bytes.size() - at;
}

// Unchecked: the caller has checked has(bytes, at, sizeof(T)) (usually once per struct).
template <class T>
T load(std::span<const uint8_t> bytes, size_t at) {
    T value;
    std::memcpy(&value, bytes.data() + at, sizeof value);
    return value;
}

// An in_addr / in6_addr (network order) at `at`, port 0. Unchecked like load().
inline SockAddr ipv4_at(std::span<const uint8_t> bytes, size_t at) {
    SockAddr a;
    a.family = layout::kAfInet;
    std::memcpy(a.ip.data(), bytes.data() + at, 4);
    return a;
}

inline SockAddr ipv6_at(std::span<const uint8_t> bytes, size_t at) {
    SockAddr a;
    a.family = layout::kAfInet6;
    std::memcpy(a.ip.data(), bytes.data() + at, 16);
    return a;
}

}  // namespace ntpscope::kabi::raw
