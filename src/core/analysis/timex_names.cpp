#include "core/analysis/timex_names.hpp"

#include <fmt/format.h>

#include "core/kabi/timex_names.hpp"

namespace ntpscope::analysis {

std::string adj_modes_string(uint32_t modes) {
    if (modes == 0) return "read";
    return kabi::join_flags(kabi::adj_mode_names(), modes);
}

std::string status_bit_name(int bit) {
    constexpr std::string_view kPrefix = "STA_";  // ntptime leaves it out
    if (bit >= 0 && bit < 32)
        for (const kabi::NamedValue& n : kabi::sta_status_names())
            if (n.value == (int64_t{1} << bit)) return std::string(n.name.substr(kPrefix.size()));
    return fmt::format("bit{}", bit);
}

std::string status_string(int32_t status) {
    if (status == 0) return "-";
    std::string out;
    for (int bit = 0; bit < 32; ++bit) {
        if (!(static_cast<uint32_t>(status) & (1u << bit))) continue;
        if (!out.empty()) out += '|';
        out += status_bit_name(bit);
    }
    return out;
}

}  // namespace ntpscope::analysis
