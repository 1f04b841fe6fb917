#include "core/fleet/fleet_report.hpp"

#include <algorithm>
#include <set>
#include <stdexcept>
#include <utility>

#include "core/diff/compare.hpp"
#include "core/fleet/grouping.hpp"
#include "core/fleet/typical.hpp"

namespace ntpscope::fleet {

size_t FleetReport::outliers() const { return hosts.size() - majority().hosts.size(); }

bool FleetReport::majority_tied() const {
    return groups.size() > 1 && groups[1].hosts.size() == groups[0].hosts.size();
}

int FleetReport::exit_status() const {
    if (!unreadable.empty()) return 2;
    return outliers() ? 1 : 0;
}

std::vector<SockAddr> FleetReport::servers() const {
    std::set<SockAddr> all;
    for (const HostSummary& h : hosts)
        for (const ServerBehaviour& s : h.behaviour.servers) all.insert(s.server);
    return {all.begin(), all.end()};
}

FleetReport build_fleet(std::vector<HostSummary> hosts, std::vector<UnreadableInput> unreadable) {
    if (hosts.empty()) throw std::invalid_argument("build_fleet: no host");
    FleetReport report;
    std::sort(hosts.begin(), hosts.end(), [](const HostSummary& a, const HostSummary& b) { return a.name < b.name; });
    report.hosts = std::move(hosts);
    report.unreadable = std::move(unreadable);
    report.group_of.resize(report.hosts.size());
    for (std::vector<size_t>& members : group_hosts(report.hosts)) {
        Group g;
        g.typical = most_typical(report.hosts, members);
        for (size_t i : members) report.group_of[i] = report.groups.size();
        g.hosts = std::move(members);
        report.groups.push_back(std::move(g));
    }
    const Facts& reference = report.hosts[report.majority().typical].facts;
    for (size_t g = 1; g < report.groups.size(); ++g)
        report.groups[g].differences = differences(reference, report.hosts[report.groups[g].typical].facts);
    return report;
}

std::vector<diff::Finding> findings_against_majority(const analysis::HostModel& majority_typical,
                                                     analysis::HostModel group_typical) {
    return diff::compare_hosts(majority_typical, std::move(group_typical)).findings;
}

}  // namespace ntpscope::fleet
