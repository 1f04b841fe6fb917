// A recording that goes to a WatchMonitor only, with no file: what `top` shows live.
#pragma once

#include "app/watch_monitor.hpp"
#include "probe/record_sink.hpp"

namespace ntpscope::app {

class MonitorSink final : public probe::RecordSink {
public:
    explicit MonitorSink(WatchMonitor& monitor) : monitor_(monitor) {}
    void write_header(const TraceHeader& header) override { monitor_.observe_header(header); }
    void write_event(const Event& event) override { monitor_.observe(event); }
    void write_footer(const TraceFooter&) override {}
    void flush() override {}

private:
    WatchMonitor& monitor_;
};

}  // namespace ntpscope::app
