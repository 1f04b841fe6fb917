// The ADJ_* and STA_* names of struct timex's modes and status bits, as the kernel headers spell
// them. One table serves the strace importer/exporter and, in ntptime's spelling, the summary.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace ntpscope::kabi {

struct NamedValue {
    std::string_view name;
    int64_t value;
};

// Composite single-shot modes come first: they contain ADJ_OFFSET's bit and must match whole.
std::span<const NamedValue> adj_mode_names();
// STA_PLL (bit 0) ... STA_CLK (bit 15), in bit order.
std::span<const NamedValue> sta_status_names();

// "A|B|0x40": the names in table order whose bits are all set (zero-valued names never match),
// then any bits left over in hex; empty for 0.
std::string join_flags(std::span<const NamedValue> names, uint64_t bits);

// ---- ntptime's spellings, for the summary

// "ADJ_OFFSET|ADJ_STATUS|ADJ_NANO"; "read" for 0; unknown bits as hex.
std::string adj_modes_string(uint32_t modes);
// "PLL|NANO" (STA_ prefix dropped, as ntptime prints it); "-" for 0.
std::string status_string(int32_t status);
// The name of STA_* bit `bit` (0..15): "PLL", "UNSYNC", ...; "bitN" for any other.
std::string status_bit_name(int bit);

}  // namespace ntpscope::kabi
