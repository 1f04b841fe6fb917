// What every terminal report (diff, fleet) lays out the same way: colour for severities and
// headings only when asked, trace-derived text made harmless, lines wrapped to one width.
#pragma once

#include <string>
#include <string_view>

#include "core/diff/finding.hpp"

namespace ntpscope::report {

struct TextStyle {
    bool colour;

    std::string paint(std::string_view text, std::string_view sgr) const;
    std::string bold(std::string_view text) const { return paint(text, "1"); }
    std::string severity(diff::Severity s) const;  // "CRITICAL", "WARNING", "INFO"
};

// Trace-derived text must not drive the terminal: control characters (escape sequences in a
// hostile comm or host name) become '?'. Line breaks stay.
std::string clean(std::string_view text);

// `text` in lines of at most 100 columns, each starting with `indent`.
std::string wrap(std::string_view text, std::string_view indent);

// Each non-empty line of `block` after `indent`.
std::string indented(const std::string& block, std::string_view indent);

}  // namespace ntpscope::report
