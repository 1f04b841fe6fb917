#include "app/watch_monitor.hpp"

#include <chrono>
#include <optional>
#include <stdexcept>

#include "app/metrics_server.hpp"
#include "core/analysis/change_detector.hpp"
#include "core/analysis/host_analyzer.hpp"
#include "core/report/change_line.hpp"
#include "core/report/metrics_exposition.hpp"

namespace ntpscope::app {

namespace {

// Change lines kept for a screen (top); the log itself keeps nothing.
constexpr size_t kRecentChanges = 8;

int64_t now_ns() {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

}  // namespace

struct WatchMonitor::State {
    explicit State(WatchMonitorOptions o) : options(std::move(o)) {
        if (options.log_format != "text" && options.log_format != "json")
            throw std::runtime_error("--log-format " + options.log_format + ": expected text or json");
        if (!options.metrics_listen.empty()) server.emplace(options.metrics_listen);
    }

    void note(const analysis::Change& change) {
        recent.push_back(report::change_text_line(change));
        if (recent.size() > kRecentChanges) recent.pop_front();
        if (!options.log) return;
        const std::string line = options.log_format == "json" ? report::change_json_line(change) : recent.back();
        std::fprintf(options.log, "%s\n", line.c_str());
        std::fflush(options.log);
    }

    WatchMonitorOptions options;
    // One analyzer for the whole run: its per-peer state is bounded (analysis/tuning.hpp), so
    // weeks of events cost what minutes do.
    analysis::HostAnalyzer analyzer;
    analysis::ChangeDetector changes;
    std::vector<analysis::PeerModel> peers;
    std::deque<std::string> recent;
    std::optional<MetricsServer> server;
};

WatchMonitor::WatchMonitor(WatchMonitorOptions options) : state_(std::make_unique<State>(std::move(options))) {}
WatchMonitor::~WatchMonitor() = default;

void WatchMonitor::observe_header(const TraceHeader& header) { state_->analyzer.on_header(header); }

void WatchMonitor::observe(const Event& event) {
    state_->analyzer.on_event(event);
    if (const std::optional<analysis::Change> change = state_->changes.on_event(event)) state_->note(*change);
}

void WatchMonitor::observe_status(const probe::RecordStatus& s) {
    State& st = *state_;
    // The wall clock, not the last event's time: a server that stopped answering sends nothing,
    // and only time passing shows it.
    const int64_t now = now_ns();
    st.peers = st.analyzer.peers_at(now);
    for (const analysis::Change& change : st.changes.compare(st.peers, now)) st.note(change);
    if (const std::optional<analysis::Change> change = st.changes.on_lost(s.lost, now)) st.note(*change);
    if (st.server) st.server->publish(report::metrics_exposition({s.events, s.lost, st.peers}));
}

const std::vector<analysis::PeerModel>& WatchMonitor::peers() const { return state_->peers; }
const std::deque<std::string>& WatchMonitor::recent_changes() const { return state_->recent; }
int WatchMonitor::metrics_port() const { return state_->server ? state_->server->port() : 0; }

}  // namespace ntpscope::app
