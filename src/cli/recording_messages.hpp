// What `record` and `watch` say while a recording attaches: the path chosen, what this kernel
// cannot record, and a priority the recorder could not get.
#pragma once

#include "app/recording.hpp"

namespace ntpscope::cli {

// Hooks with on_attach_path, on_attached and on_priority_refused set to log through spdlog.
app::RecordingHooks recording_messages();

}  // namespace ntpscope::cli
