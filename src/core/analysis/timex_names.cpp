#include "core/analysis/timex_names.hpp"

#include <sys/timex.h>

#include <array>
#include <string_view>
#include <utility>

#include <fmt/format.h>

namespace ntpscope::analysis {

namespace {

constexpr std::array<std::string_view, 16> kStatusBits = {
    "PLL",       "PPSFREQ",   "PPSTIME",   "FLL",      "INS",     "DEL",  "UNSYNC", "FREQHOLD",
    "PPSSIGNAL", "PPSJITTER", "PPSWANDER", "PPSERROR", "CLOCKERR", "NANO", "MODE",   "CLK",
};

// Composite values first: ADJ_OFFSET_SINGLESHOT and _SS_READ contain ADJ_OFFSET's bit.
constexpr std::array<std::pair<uint32_t, std::string_view>, 13> kModes = {{
    {ADJ_OFFSET_SS_READ, "ADJ_OFFSET_SS_READ"},
    {ADJ_OFFSET_SINGLESHOT, "ADJ_OFFSET_SINGLESHOT"},
    {ADJ_OFFSET, "ADJ_OFFSET"},
    {ADJ_FREQUENCY, "ADJ_FREQUENCY"},
    {ADJ_MAXERROR, "ADJ_MAXERROR"},
    {ADJ_ESTERROR, "ADJ_ESTERROR"},
    {ADJ_STATUS, "ADJ_STATUS"},
    {ADJ_TIMECONST, "ADJ_TIMECONST"},
    {ADJ_TAI, "ADJ_TAI"},
    {ADJ_SETOFFSET, "ADJ_SETOFFSET"},
    {ADJ_MICRO, "ADJ_MICRO"},
    {ADJ_NANO, "ADJ_NANO"},
    {ADJ_TICK, "ADJ_TICK"},
}};

void append(std::string& out, std::string_view name) {
    if (!out.empty()) out += '|';
    out += name;
}

}  // namespace

std::string adj_modes_string(uint32_t modes) {
    if (modes == 0) return "read";
    std::string out;
    uint32_t left = modes;
    for (const auto& [bits, name] : kModes) {
        if ((left & bits) == bits) {
            append(out, name);
            left &= ~bits;
        }
    }
    if (left) append(out, fmt::format("{:#x}", left));
    return out;
}

std::string status_bit_name(int bit) {
    if (bit >= 0 && bit < static_cast<int>(kStatusBits.size()))
        return std::string(kStatusBits[static_cast<size_t>(bit)]);
    return fmt::format("bit{}", bit);
}

std::string status_string(int32_t status) {
    if (status == 0) return "-";
    std::string out;
    for (int bit = 0; bit < 32; ++bit)
        if (static_cast<uint32_t>(status) & (1u << bit)) append(out, status_bit_name(bit));
    return out;
}

}  // namespace ntpscope::analysis
