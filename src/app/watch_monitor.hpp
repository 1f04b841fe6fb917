// What a long-running recording (watch, top) tells a person while it runs: one change line per
// thing worth knowing (text or JSON lines) and Prometheus metrics on GET /metrics. Fed the
// recorder's events in order; keeps a rolling model of each peer whose memory stays bounded.
#pragma once

#include <cstdio>
#include <deque>
#include <memory>
#include <string>
#include <vector>

#include "core/analysis/peer_model.hpp"
#include "core/model/event.hpp"
#include "probe/recorder.hpp"

namespace ntpscope::app {

struct WatchMonitorOptions {
    std::string log_format = "text";  // "text" or "json"
    std::string metrics_listen;       // ADDR:PORT; empty: no HTTP server
    std::FILE* log = stderr;          // where change lines go; nullptr: none
};

class WatchMonitor {
public:
    // Starts the metrics server if asked; throws std::runtime_error when it cannot listen or
    // the log format is unknown.
    explicit WatchMonitor(WatchMonitorOptions options);
    ~WatchMonitor();
    WatchMonitor(const WatchMonitor&) = delete;
    WatchMonitor& operator=(const WatchMonitor&) = delete;

    void observe_header(const TraceHeader& header);    // once per recording start
    void observe(const Event& event);                   // every recorded event, in order
    void observe_status(const probe::RecordStatus& s);  // about once a second

    // As of the last observe_status: every peer, and the latest change lines (text), oldest first.
    const std::vector<analysis::PeerModel>& peers() const;
    const std::deque<std::string>& recent_changes() const;
    // The metrics server's port (useful with port 0); 0 without a server.
    int metrics_port() const;

private:
    struct State;
    std::unique_ptr<State> state_;
};

}  // namespace ntpscope::app
