// Names for the bits of struct timex as ntptime and the kernel headers spell them.
#pragma once

#include <cstdint>
#include <string>

namespace ntpscope::analysis {

// "ADJ_OFFSET|ADJ_STATUS|ADJ_NANO"; "read" for 0; unknown bits as hex.
std::string adj_modes_string(uint32_t modes);
// "PLL|NANO" (STA_ prefix dropped, as ntptime prints it); "-" for 0.
std::string status_string(int32_t status);
// The name of STA_* bit `bit` (0..15): "PLL", "UNSYNC", ...
std::string status_bit_name(int bit);

}  // namespace ntpscope::analysis
