// Reading a reference ID as text: shared by the Kiss-o'-Death check and the refid column.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

namespace ntpscope::ntp {

// The refid's four bytes in wire order.
struct RefidChars {
    std::array<char, 4> bytes{};
    explicit RefidChars(uint32_t refid);
    // The ASCII text ("RATE", "GPS"), or empty when the refid is not printable ASCII padded
    // with trailing NULs.
    std::string_view ascii() const&;
    std::string_view ascii() const&& = delete;  // the view would point into a dead temporary
};

}  // namespace ntpscope::ntp
