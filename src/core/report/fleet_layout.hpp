// What every fleet layout says, as display strings: the layouts differ only in markup.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "core/fleet/fleet_report.hpp"

namespace ntpscope::report {

// "1 host", "12 hosts"
std::string hosts_text(size_t n);
// "600 hosts in 3 groups: 14 outside the majority." (+ " 2 inputs could not be read.")
std::string fleet_headline(const fleet::FleetReport& report);
// "Exit status 1: 14 hosts outside the majority." for the reader who gates a script on it.
std::string fleet_exit_text(const fleet::FleetReport& report);
// "Group 1, the majority: 586 hosts", "Group 2: 12 hosts"
std::string group_heading(const fleet::FleetReport& report, size_t group);
// "the majority's typical host client-017 (the good host) against this group's client-203
// (the bad host)": how to read "good" and "bad" in the group's findings.
std::string comparison_text(const fleet::FleetReport& report, size_t group);
// "10.1.0.11 m, 10.1.0.12 m, 10.1.0.51 u": a host's associations as ntpq's type column.
std::string servers_text(const fleet::HostSummary& host);
// "critical stuck_unicast: 10.1.0.51: bad host keeps ...", or why there is none.
std::string top_finding_text(const fleet::Group& group);
// At most `shown` names, then "and N more".
std::string names_text(const fleet::FleetReport& report, const std::vector<size_t>& hosts, size_t shown);

}  // namespace ntpscope::report
