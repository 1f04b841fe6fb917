#include "app/watching.hpp"

#include <fmt/format.h>

#include <csignal>
#include <filesystem>
#include <stdexcept>

namespace ntpscope::app {

namespace {

// The segments, and the monitor: its change log says when the daemon restarts.
class WatchSink final : public probe::RecordSink {
public:
    WatchSink(SegmentWriter& segments, WatchMonitor& monitor) : segments_(segments), monitor_(monitor) {}

    void write_header(const TraceHeader& header) override {
        segments_.write_header(header);
        // The recording starts once; later headers only begin segments.
        if (!started_) monitor_.observe_header(header);
        started_ = true;
    }
    void write_event(const Event& event) override {
        segments_.write_event(event);
        monitor_.observe(event);
    }
    void write_footer(const TraceFooter& footer) override { segments_.write_footer(footer); }
    void flush() override { segments_.flush(); }

private:
    SegmentWriter& segments_;
    WatchMonitor& monitor_;
    bool started_ = false;
};

void use_directory(const std::string& dir) {
    std::error_code created, ignored;
    std::filesystem::create_directories(dir, created);
    if (!std::filesystem::is_directory(dir, ignored))
        throw std::runtime_error(fmt::format("--dir {}: {}", dir, created ? created.message() : "not a directory"));
}

}  // namespace

WatchPlan plan_watch(const WatchRequest& request) {
    WatchPlan plan;
    plan.segments = plan_segments(request.segment, request.max_disk);
    plan.recording = plan_record(request.record);
    if (request.record.pids.empty() && request.record.comms.empty()) {
        for (const TargetInfo& t : plan.recording.targets) plan.recording.comms.push_back(t.comm);
        plan.recording.probe.follow_comms = plan.recording.comms;
    }
    use_directory(request.dir);
    return plan;
}

RecordingResult run_watch(const WatchRequest& request, const WatchPlan& plan, WatchHooks hooks) {
    // A file size limit (ulimit -f) must pause writing like a full disk, not kill the process.
    std::signal(SIGXFSZ, SIG_IGN);
    WatchMonitor monitor({request.log_format, request.metrics_listen, stderr});
    SegmentWriter segments(request.dir, plan.segments, hooks.log);
    WatchSink sink(segments, monitor);

    RecordingHooks recording = hooks.recording;
    recording.on_status = [&](const probe::RecordStatus& status) {
        probe::RecordStatus counted = status;
        counted.lost += segments.dropped();
        monitor.observe_status(counted);
        if (hooks.recording.on_status) hooks.recording.on_status(counted);
    };
    recording.segment_due = [&](const probe::RecordStatus&) { return segments.segment_complete(); };
    RecordingResult result = run_recording(plan.recording, sink, recording);
    result.status.lost += segments.dropped();
    return result;
}

}  // namespace ntpscope::app
