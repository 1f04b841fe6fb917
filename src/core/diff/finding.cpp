#include "core/diff/finding.hpp"

#include <algorithm>
#include <tuple>

namespace ntpscope::diff {

std::string_view severity_name(Severity s) {
    switch (s) {
        case Severity::info: return "info";
        case Severity::warning: return "warning";
        case Severity::critical: return "critical";
    }
    return "info";
}

Finding make_finding(Kind kind, Severity severity, std::string title, double magnitude) {
    Finding f;
    f.kind = kind;
    f.severity = severity;
    f.title = std::move(title);
    const auto place = static_cast<double>(Kind::count_) - static_cast<double>(kind);
    f.weight = place + std::clamp(magnitude, 0.0, 0.999);
    return f;
}

void rank_findings(std::vector<Finding>& findings) {
    std::stable_sort(findings.begin(), findings.end(), [](const Finding& a, const Finding& b) {
        return std::tuple(b.severity, b.weight, a.peer.value_or(""), a.title) <
               std::tuple(a.severity, a.weight, b.peer.value_or(""), b.title);
    });
    for (size_t i = 0; i < findings.size(); ++i) findings[i].rank = static_cast<uint32_t>(i + 1);
}

}  // namespace ntpscope::diff
