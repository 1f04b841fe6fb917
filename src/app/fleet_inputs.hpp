// The files `fleet` reads, one host each: every INPUT that is a file, and the recordings in
// every INPUT that is a directory (traces, strace logs and captures, recognised by content).
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "core/fleet/fleet_report.hpp"

namespace ntpscope::app {

struct FleetInputs {
    std::vector<std::string> files;  // in the order given, a directory's by name; each once
    std::vector<fleet::UnreadableInput> unreadable;  // directories or their files that cannot be read
    size_t skipped = 0;  // files in directories that are no recording
};

// Not recursive: a directory's subdirectories are left alone. A file named on the command line
// is always an input, so that one that cannot be read is reported, never skipped.
FleetInputs expand_inputs(const std::vector<std::string>& inputs);

}  // namespace ntpscope::app
