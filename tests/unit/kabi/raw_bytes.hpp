// Test helpers: the bytes of a real libc struct, in a heap buffer of exactly that size so a
// sanitizer or valgrind flags any read past it.
#pragma once

#include <cstdint>
#include <cstring>
#include <vector>

namespace ntpscope::kabi::test {

template <class T>
std::vector<uint8_t> bytes_of(const T& value) {
    std::vector<uint8_t> out(sizeof value);
    std::memcpy(out.data(), &value, sizeof value);
    return out;
}

inline std::vector<uint8_t> first(const std::vector<uint8_t>& bytes, size_t n) {
    return {bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(n)};
}

}  // namespace ntpscope::kabi::test
