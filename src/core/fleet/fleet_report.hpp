// `ntpscope fleet`: many hosts grouped by how they behave, the largest group taken as the
// majority, and each other group explained by `diff` between the majority's most typical host
// (as the good host) and the group's (as the bad one). docs/fleet.md describes it for users.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "core/analysis/host_model.hpp"
#include "core/diff/finding.hpp"
#include "core/fleet/facts.hpp"
#include "core/fleet/host_summary.hpp"

namespace ntpscope::fleet {

// An input that could not be read: the report names it, the other hosts are still analysed.
struct UnreadableInput {
    std::string input;
    std::string error;  // one line, naming the file
};

struct Group {
    std::vector<size_t> hosts;  // indices into FleetReport::hosts, by name
    size_t typical = 0;         // index into FleetReport::hosts
    std::vector<Difference> differences;  // from the majority; empty for the majority
    std::vector<diff::Finding> findings;  // ranked; empty for the majority
};

struct FleetReport {
    std::vector<HostSummary> hosts;  // by name
    std::vector<Group> groups;       // largest first: groups[0] is the majority
    std::vector<size_t> group_of;    // host index -> group index
    std::vector<UnreadableInput> unreadable;

    const Group& majority() const { return groups.front(); }
    size_t outliers() const;  // hosts outside the majority
    // The two largest groups are the same size: the majority is only the first by the order.
    bool majority_tied() const;
    // 2 when an input could not be read (the report of the rest is still written), else 1 when
    // a host is outside the majority, else 0.
    int exit_status() const;
    // Every server any host has an association with, by address: the report's matrix columns.
    std::vector<SockAddr> servers() const;
};

// Groups the hosts (named, not empty) and picks each group's typical host.
FleetReport build_fleet(std::vector<HostSummary> hosts, std::vector<UnreadableInput> unreadable);

// A group's findings (Group::findings): diff with the majority's typical host as the good host
// and the group's typical host as the bad one, both full models read again from their inputs.
std::vector<diff::Finding> findings_against_majority(const analysis::HostModel& majority_typical,
                                                     analysis::HostModel group_typical);

}  // namespace ntpscope::fleet
