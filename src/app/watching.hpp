// `watch`: a recording that runs for weeks as a service, written as a series of segments in a
// directory (segment_writer.hpp) and told, event by event, to the change log and metrics.
#pragma once

#include <string>

#include "app/record_plan.hpp"
#include "app/recording.hpp"
#include "app/segment_policy.hpp"
#include "app/segment_writer.hpp"
#include "app/watch_monitor.hpp"

namespace ntpscope::app {

struct WatchRequest {
    RecordRequest record;
    std::string dir;
    std::string segment = "1h";
    std::string max_disk = "1G";
    std::string log_format = "text";
    std::string metrics_listen;
};

struct WatchPlan {
    probe::RecordOptions recording;
    SegmentPolicy segments;
};

// As `record` plans; with no target given, the daemon `record` would pick is also followed by
// its name, so a service keeps recording across the daemon's restarts. Creates the directory.
// Throws std::runtime_error naming the option and the problem.
WatchPlan plan_watch(const WatchRequest& request);

struct WatchHooks {
    RecordingHooks recording;  // on_status gets `lost` with the events a full disk dropped
    SegmentLog log;            // segments begun and deleted, a full disk
};

// Until SIGINT or SIGTERM (each closing the current segment with its footer), --duration, or
// the exit of every --pid target. SIGHUP starts the next segment. Throws std::runtime_error
// when the directory cannot be used or attaching fails.
RecordingResult run_watch(const WatchRequest& request, const WatchPlan& plan, WatchHooks hooks);

}  // namespace ntpscope::app
