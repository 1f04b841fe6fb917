// Which host of a group stands for it: the one the report compares in full with `diff`.
#pragma once

#include <cstddef>
#include <vector>

#include "core/fleet/host_summary.hpp"

namespace ntpscope::fleet {

// Among the members whose inputs show the most facts (a trace over a capture, which has no
// clock calls), the one whose rates are closest to the group's medians: packets heard and
// steady requests per hour and the share unanswered per server, clock adjustments per hour,
// start-up volleys. Ties go to the longer trace, then the first name. `members` not empty.
size_t most_typical(const std::vector<HostSummary>& hosts, const std::vector<size_t>& members);

}  // namespace ntpscope::fleet
