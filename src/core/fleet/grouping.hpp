// Which hosts behave alike. Hosts with the same facts form a group. A group whose input hides
// some facts (captures have no clock calls, short traces cannot show a missing discipline)
// then joins the largest group that shows more of them and agrees with all it shows, so a
// healthy host recorded with tcpdump is not an outlier for having been recorded so.
#pragma once

#include <cstddef>
#include <vector>

#include "core/fleet/host_summary.hpp"

namespace ntpscope::fleet {

// Indices into `hosts`, each group in name order; the largest group first (ties: the one
// showing more facts, then the first host name). Every host is in exactly one group.
std::vector<std::vector<size_t>> group_hosts(const std::vector<HostSummary>& hosts);

}  // namespace ntpscope::fleet
