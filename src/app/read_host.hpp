// Any input the tool reads (trace, strace log, capture) turned into one host's model: the step
// every reading command (summary, diff, fleet) starts with.
#pragma once

#include <string>

#include "core/analysis/host_model.hpp"
#include "core/model/read_options.hpp"

namespace ntpscope::app {

// Throws InputError naming the file on bad input.
analysis::HostModel read_host(const std::string& path, const ReadOptions& options = {});

}  // namespace ntpscope::app
