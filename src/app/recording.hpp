// One recording from start to footer, for `record` (and the long-running `watch`): the output,
// the signals that stop it, the recorder's priority and the status it reports.
#pragma once

#include <functional>
#include <string>

#include "probe/recorder.hpp"

namespace ntpscope::app {

struct RecordingResult {
    probe::StopReason reason = probe::StopReason::signal;
    probe::RecordStatus status;
};

struct RecordingHooks {
    // Once the programs are attached: tracepoints this kernel lacks (their calls go unrecorded),
    // and what keeps other processes' clock calls from being seen in full.
    std::function<void(const std::vector<std::string>& missing, const std::vector<std::string>& clock_gaps)>
        on_attached;
    // Which programs record the targets, and what kept the socket path away if it was not taken.
    std::function<void(const probe::AttachChoice&)> on_attach_path;
    // About once a second.
    std::function<void(const probe::RecordStatus&)> on_status;
    // When the recorder cannot raise its priority (the reason, e.g. "Permission denied").
    std::function<void(const std::string& why)> on_priority_refused;
    // For `watch`, after on_status: whether to end the current segment and start the next. With
    // this hook set, SIGHUP starts the next segment too instead of ending the process.
    std::function<bool(const probe::RecordStatus&)> segment_due;
};

// Writes the trace to `output` ("-": stdout; a file is created 0600 and written in place, so
// that whatever stops the recording leaves every event written so far). SIGINT and SIGTERM
// end it with a footer. Throws std::runtime_error when attaching or writing fails.
RecordingResult run_recording(const probe::RecordOptions& options, const std::string& output,
                              const RecordingHooks& hooks);

// The same into any sink; its write errors are its own to handle.
RecordingResult run_recording(const probe::RecordOptions& options, probe::RecordSink& sink,
                              const RecordingHooks& hooks);

// The recorder's nice value: see recording.cpp.
inline constexpr int kRecorderNice = -10;

}  // namespace ntpscope::app
