// Terminal layout: each group with its typical host and hosts (the majority's list cut short),
// how it behaves otherwise than the majority, and its top findings. Colour as in diff.
#include <fmt/format.h>

#include "core/report/diff_layout.hpp"
#include "core/report/fleet_layout.hpp"
#include "core/report/fleet_render.hpp"
#include "core/report/text_layout.hpp"

namespace ntpscope::report {

namespace {

constexpr size_t kMajorityNames = 10;
constexpr size_t kTopFindings = 3;

void findings(std::string& out, const fleet::FleetReport& report, size_t g, const TextStyle& style) {
    const std::vector<diff::Finding>& list = report.groups[g].findings;
    out += wrap(clean(fmt::format("findings, {}: {}", comparison_text(report, g), severity_counts(list))), "  ");
    for (size_t i = 0; i < list.size() && i < kTopFindings; ++i) {
        const diff::Finding& f = list[i];
        out += fmt::format("    {}. {} {}\n", f.rank, style.severity(f.severity), style.bold(f.kind_name()));
        out += wrap(clean(f.title), "       ");
        if (f.severity != diff::Severity::info) out += wrap(fmt::format("Check next: {}", f.next_steps()), "       ");
    }
    if (list.size() > kTopFindings)
        out += fmt::format("    ... {} more (--format markdown, json or html lists them all)\n", list.size() - kTopFindings);
}

void group(std::string& out, const fleet::FleetReport& report, size_t g, const TextStyle& style) {
    const fleet::Group& group = report.groups[g];
    const fleet::HostSummary& typical = report.hosts[group.typical];
    out += style.bold(group_heading(report, g)) + "\n";
    out += wrap(clean(fmt::format("typical host: {} ({})", typical.name, servers_text(typical))), "  ");
    out += wrap(clean("hosts: " + names_text(report, group.hosts, g == 0 ? kMajorityNames : group.hosts.size())), "  ");
    if (g > 0) {
        out += "  behaves otherwise than the majority:\n";
        if (group.differences.empty()) out += "    only in facts the majority's typical host cannot show\n";
        for (const fleet::Difference& d : group.differences) out += wrap(clean(fleet::describe(d)), "    ");
        findings(out, report, g, style);
    }
    out += "\n";
}

}  // namespace

std::string fleet_text(const fleet::FleetReport& report, bool colour) {
    const TextStyle style{colour};
    std::string out = style.bold("ntpscope fleet") + "\n\n";
    out += wrap(fleet_headline(report), "") + "\n";
    for (size_t g = 0; g < report.groups.size(); ++g) group(out, report, g, style);
    if (!report.unreadable.empty()) {
        out += style.bold("Inputs that could not be read") + "\n";
        for (const fleet::UnreadableInput& u : report.unreadable) out += wrap(clean(u.error), "  ");
        out += "\n";
    }
    out += fleet_exit_text(report) + "\n";
    return out;
}

}  // namespace ntpscope::report
