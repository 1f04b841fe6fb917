#include "core/report/fleet_layout.hpp"

#include <fmt/format.h>

namespace ntpscope::report {

std::string hosts_text(size_t n) { return fmt::format("{} host{}", n, n == 1 ? "" : "s"); }

std::string fleet_headline(const fleet::FleetReport& report) {
    const size_t groups = report.groups.size();
    std::string out = groups == 1 ? fmt::format("{}, all in one group.", hosts_text(report.hosts.size()))
                                  : fmt::format("{} in {} groups: {} outside the majority.",
                                                hosts_text(report.hosts.size()), groups, report.outliers());
    if (report.majority_tied())
        out += " The two largest groups are the same size: the first is taken as the majority.";
    if (!report.unreadable.empty())
        out += fmt::format(" {} input{} could not be read.", report.unreadable.size(),
                           report.unreadable.size() == 1 ? "" : "s");
    return out;
}

std::string fleet_exit_text(const fleet::FleetReport& report) {
    switch (report.exit_status()) {
        case 2: return "Exit status 2: some inputs could not be read (the other hosts are in this report).";
        case 1: return fmt::format("Exit status 1: {} outside the majority.", hosts_text(report.outliers()));
        default: return "Exit status 0: every host is in the majority.";
    }
}

std::string group_heading(const fleet::FleetReport& report, size_t group) {
    const size_t n = report.groups[group].hosts.size();
    return group == 0 ? fmt::format("Group 1, the majority: {}", hosts_text(n))
                      : fmt::format("Group {}: {}", group + 1, hosts_text(n));
}

std::string comparison_text(const fleet::FleetReport& report, size_t group) {
    return fmt::format("the majority's typical host {} (the good host) against this group's {} (the bad host)",
                       report.hosts[report.majority().typical].name,
                       report.hosts[report.groups[group].typical].name);
}

std::string servers_text(const fleet::HostSummary& host) {
    std::vector<std::string> parts;
    for (const fleet::ServerBehaviour& s : host.behaviour.servers)
        parts.push_back(fmt::format("{} {}", s.server.ip_string(), analysis::association_type_char(s.type)));
    if (parts.empty()) return "no association";
    return fmt::format("{}", fmt::join(parts, ", "));
}

std::string top_finding_text(const fleet::Group& group) {
    if (group.findings.empty()) return "no finding: it differs only in what diff does not report";
    const diff::Finding& f = group.findings.front();
    return fmt::format("{} {}: {}", diff::severity_name(f.severity), f.kind_name(), f.title);
}

std::string names_text(const fleet::FleetReport& report, const std::vector<size_t>& hosts, size_t shown) {
    std::vector<std::string> names;
    for (size_t i = 0; i < hosts.size() && i < shown; ++i) names.push_back(report.hosts[hosts[i]].name);
    std::string out = fmt::format("{}", fmt::join(names, ", "));
    if (hosts.size() > shown) out += fmt::format(" and {} more", hosts.size() - shown);
    return out;
}

}  // namespace ntpscope::report
