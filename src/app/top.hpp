// `top`: a recording to no file, shown live as the peer table refreshed every second until q,
// SIGINT/SIGTERM, --duration or the targets' exit.
#pragma once

#include <string>

#include "app/recording.hpp"

namespace ntpscope::app {

// `target` names what is recorded in the screen's first line. Throws std::runtime_error when
// attaching fails.
RecordingResult run_top(const probe::RecordOptions& options, const std::string& target);

}  // namespace ntpscope::app
