// Where `record` writes when no -o is given: "no configuration" means a bare `ntpscope record`
// must work, and several hosts' recordings gathered in one folder must not collide.
#pragma once

#include <chrono>
#include <string>
#include <string_view>

namespace ntpscope::app {

// "ntpscope-HOST-20261206T193000Z.trace": the start time in UTC, so names sort by time and
// agree across time zones. Characters a file name or a shell would trip on become '_'.
std::string default_trace_name(std::string_view host, std::chrono::system_clock::time_point start);

// The same for this host, now.
std::string default_trace_name();

}  // namespace ntpscope::app
