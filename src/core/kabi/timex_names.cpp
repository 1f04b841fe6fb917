#include "core/kabi/timex_names.hpp"

#include <sys/timex.h>

#include <fmt/format.h>

namespace ntpscope::kabi {

namespace {

constexpr NamedValue kAdjModes[] = {
    {"ADJ_OFFSET_SS_READ", ADJ_OFFSET_SS_READ},
    {"ADJ_OFFSET_SINGLESHOT", ADJ_OFFSET_SINGLESHOT},
    {"ADJ_OFFSET", ADJ_OFFSET},
    {"ADJ_FREQUENCY", ADJ_FREQUENCY},
    {"ADJ_MAXERROR", ADJ_MAXERROR},
    {"ADJ_ESTERROR", ADJ_ESTERROR},
    {"ADJ_STATUS", ADJ_STATUS},
    {"ADJ_TIMECONST", ADJ_TIMECONST},
    {"ADJ_TAI", ADJ_TAI},
    {"ADJ_SETOFFSET", ADJ_SETOFFSET},
    {"ADJ_MICRO", ADJ_MICRO},
    {"ADJ_NANO", ADJ_NANO},
    {"ADJ_TICK", ADJ_TICK},
};

constexpr NamedValue kStatus[] = {
    {"STA_PLL", STA_PLL},           {"STA_PPSFREQ", STA_PPSFREQ},     {"STA_PPSTIME", STA_PPSTIME},
    {"STA_FLL", STA_FLL},           {"STA_INS", STA_INS},             {"STA_DEL", STA_DEL},
    {"STA_UNSYNC", STA_UNSYNC},     {"STA_FREQHOLD", STA_FREQHOLD},   {"STA_PPSSIGNAL", STA_PPSSIGNAL},
    {"STA_PPSJITTER", STA_PPSJITTER}, {"STA_PPSWANDER", STA_PPSWANDER}, {"STA_PPSERROR", STA_PPSERROR},
    {"STA_CLOCKERR", STA_CLOCKERR}, {"STA_NANO", STA_NANO},           {"STA_MODE", STA_MODE},
    {"STA_CLK", STA_CLK},
};

void append(std::string& out, std::string_view part) {
    if (!out.empty()) out += '|';
    out += part;
}

}  // namespace

std::span<const NamedValue> adj_mode_names() { return kAdjModes; }

std::span<const NamedValue> sta_status_names() { return kStatus; }

std::string join_flags(std::span<const NamedValue> names, uint64_t bits) {
    std::string out;
    for (const NamedValue& n : names) {
        auto v = static_cast<uint64_t>(n.value);
        if (v != 0 && (bits & v) == v) {
            append(out, n.name);
            bits &= ~v;
        }
    }
    if (bits != 0) append(out, fmt::format("{:#x}", bits));
    return out;
}

std::string adj_modes_string(uint32_t modes) {
    if (modes == 0) return "read";
    return join_flags(kAdjModes, modes);
}

std::string status_bit_name(int bit) {
    constexpr std::string_view kPrefix = "STA_";  // ntptime leaves it out
    if (bit >= 0 && bit < 32)
        for (const NamedValue& n : kStatus)
            if (n.value == (int64_t{1} << bit)) return std::string(n.name.substr(kPrefix.size()));
    return fmt::format("bit{}", bit);
}

std::string status_string(int32_t status) {
    if (status == 0) return "-";
    std::string out;
    for (int bit = 0; bit < 32; ++bit)
        if (static_cast<uint32_t>(status) & (1u << bit)) append(out, status_bit_name(bit));
    return out;
}

}  // namespace ntpscope::kabi
