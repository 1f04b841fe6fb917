// `fleet`: many hosts' recordings read in parallel into small summaries, named, grouped by
// behaviour, and each group outside the majority explained by diff (core/fleet).
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "core/fleet/fleet_report.hpp"
#include "core/model/read_options.hpp"

namespace ntpscope::app {

struct FleetRequest {
    std::vector<std::string> inputs;  // files and directories
    ReadOptions read;                 // the same for every input
    unsigned jobs = 0;                // threads reading inputs; 0: one per core
    std::string output;               // where the report goes: refused when it is an input
};

struct FleetRun {
    fleet::FleetReport report;  // its `unreadable` names every input that could not be read
    size_t skipped = 0;         // files in the directories that are no recording
};

// Throws InputError when no input at all could be read, std::runtime_error when the output is
// one of the inputs (one line naming the problem each).
FleetRun run_fleet(const FleetRequest& request);

// A host is named by its trace header's host when that is present and no other host has it,
// else by its file name without the extension; names still shared fall back to the input path.
void name_hosts(std::vector<fleet::HostSummary>& hosts);

}  // namespace ntpscope::app
