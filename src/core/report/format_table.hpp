// Each report (summary, diff, fleet) has one table of its format names, the default first: the
// CLI offers the names, and the same table picks the renderer.
#pragma once

#include <optional>
#include <span>
#include <string_view>

namespace ntpscope::report {

template <class Format>
struct FormatName {
    std::string_view name;
    Format format;
};

template <class Format>
std::optional<Format> find_format(std::span<const FormatName<Format>> table, std::string_view name) {
    for (const FormatName<Format>& f : table)
        if (f.name == name) return f.format;
    return std::nullopt;
}

}  // namespace ntpscope::report
