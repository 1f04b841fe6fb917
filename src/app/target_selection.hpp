// Which processes `record` traces when the user gave no --pid or --comm.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/model/event.hpp"

namespace ntpscope::app {

// The one running NTP daemon; with none or several, explains and (on a terminal) asks.
// Throws std::runtime_error with the candidate list when it cannot decide.
std::vector<uint32_t> choose_daemon(const std::vector<TargetInfo>& candidates, bool interactive);

std::string describe_candidates(const std::vector<TargetInfo>& candidates);

}  // namespace ntpscope::app
