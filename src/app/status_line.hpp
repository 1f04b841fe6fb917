#pragma once

#include <string>

#include "probe/recorder.hpp"

namespace ntpscope::app {

// "00:01:12  events 1 234  sockets 5  peers 4  lost 0"
std::string format_status(const probe::RecordStatus& status);

}  // namespace ntpscope::app
