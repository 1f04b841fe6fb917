// Markdown layout, to paste into a ticket: a table of the groups, then for each group outside
// the majority its hosts, how it behaves otherwise, its findings and the top one's evidence.
#include <fmt/format.h>

#include "core/report/diff_layout.hpp"
#include "core/report/fleet_layout.hpp"
#include "core/report/fleet_render.hpp"
#include "core/report/markdown_layout.hpp"

namespace ntpscope::report {

namespace {

constexpr size_t kMajorityNames = 20;

SummaryTable groups_table(const fleet::FleetReport& report) {
    SummaryTable t{"Groups", {"group", "hosts", "typical host", "servers (ntpq type)", "top finding"}, {}, ""};
    for (size_t g = 0; g < report.groups.size(); ++g) {
        const fleet::Group& group = report.groups[g];
        const fleet::HostSummary& typical = report.hosts[group.typical];
        t.rows.push_back({g == 0 ? "1 (majority)" : fmt::format("{}", g + 1), fmt::format("{}", group.hosts.size()),
                          typical.name, servers_text(typical), g == 0 ? "-" : top_finding_text(group)});
    }
    return t;
}

void group_section(std::string& out, const fleet::FleetReport& report, size_t g) {
    const fleet::Group& group = report.groups[g];
    out += fmt::format("\n## {}\n\nHosts: {}\n\n", group_heading(report, g),
                       markdown_text(names_text(report, group.hosts, group.hosts.size())));
    out += "Behaves otherwise than the majority:\n\n";
    if (group.differences.empty()) out += "- only in facts the majority's typical host cannot show\n";
    for (const fleet::Difference& d : group.differences) out += "- " + markdown_text(fleet::describe(d)) + "\n";
    out += fmt::format("\n**Findings** ({}): {}.\n\n", markdown_text(comparison_text(report, g)),
                       severity_counts(group.findings));
    if (group.findings.empty()) return;
    SummaryTable list{"Findings", {"#", "severity", "kind", "finding"}, {}, ""};
    for (const diff::Finding& f : group.findings)
        list.rows.push_back({fmt::format("{}", f.rank), std::string(diff::severity_name(f.severity)),
                             fmt::format("`{}`", f.kind_name()), f.title});
    markdown_table(out, list);
    const diff::Finding& top = group.findings.front();
    if (top.severity == diff::Severity::info || top.evidence.metrics.empty()) return;
    out += fmt::format("\nEvidence of `{}`:\n\n", top.kind_name());
    markdown_table(out, evidence_table(top));
    out += fmt::format("\n**What it means:** {}\n\n**Check next:** {}\n", top.meaning(), top.next_steps());
}

}  // namespace

std::string fleet_markdown(const fleet::FleetReport& report) {
    std::string out = "# ntpscope fleet\n\n";
    out += fmt::format("**{}** {}\n\n", markdown_text(fleet_headline(report)), fleet_exit_text(report));
    markdown_table(out, groups_table(report));
    const fleet::Group& majority = report.majority();
    out += fmt::format("\nThe majority: {}.\n", markdown_text(names_text(report, majority.hosts, kMajorityNames)));
    for (size_t g = 1; g < report.groups.size(); ++g) group_section(out, report, g);
    if (!report.unreadable.empty()) {
        out += "\n## Inputs that could not be read\n\n";
        for (const fleet::UnreadableInput& u : report.unreadable) out += "- " + markdown_text(u.error) + "\n";
    }
    return out;
}

}  // namespace ntpscope::report
