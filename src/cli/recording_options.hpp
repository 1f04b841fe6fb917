// The options `record` and `watch` share: how the recorder attaches and what it keeps.
#pragma once

#include <CLI/CLI.hpp>

#include "app/record_plan.hpp"

namespace ntpscope::cli {

// --snaplen, --ring-kib, --attach and -v/--verbose, into `request`.
void add_recording_options(CLI::App* cmd, app::RecordRequest& request);

}  // namespace ntpscope::cli
