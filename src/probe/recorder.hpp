// Runs one recording: BPF session -> record decoder -> trace writer, until a stop condition.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/model/event.hpp"
#include "probe/bpf_session.hpp"
#include "probe/record_decoder.hpp"
#include "probe/record_sink.hpp"

namespace ntpscope::probe {

struct RecordOptions {
    std::vector<TargetInfo> targets;  // read from /proc once, when the recording was planned
    std::vector<std::string> comms;   // followed across restarts
    std::optional<std::chrono::nanoseconds> duration;
    ProbeOptions probe;
};

struct RecordStatus {
    std::chrono::nanoseconds elapsed{};
    uint64_t events = 0;
    uint64_t lost = 0;
    uint64_t undecodable = 0;  // records that failed validation; counted in `lost` too
    size_t sockets = 0;
    size_t peers = 0;
    size_t live_targets = 0;
};

enum class StopReason { duration, signal, targets_exited };

class Recorder {
public:
    // Loads and attaches; throws std::runtime_error when that is impossible.
    Recorder(RecordOptions options, RecordSink& sink);

    // Writes header, events and footer. `stop` is polled (set it from a signal handler);
    // `on_status` is called about once a second.
    StopReason run(const std::atomic<bool>& stop, const std::function<void(const RecordStatus&)>& on_status);

    // For `watch`, from `on_status`: ends the trace so far with a footer counting its own events
    // and losses, and starts the next with a header naming the targets alive now and their sockets.
    void next_segment();

    const RecordStatus& status() const { return status_; }
    const std::vector<std::string>& missing_tracepoints() const { return session_.missing_tracepoints(); }
    const std::vector<std::string>& clock_watch_gaps() const { return session_.clock_watch_gaps(); }
    const AttachChoice& attach() const { return session_.attach(); }

private:
    void on_record(std::span<const uint8_t> record);
    void note_event(const Event& event);
    void check_targets_alive();
    void refresh_status(std::chrono::nanoseconds elapsed);
    void start_segment(const TraceHeader& header);
    TraceFooter segment_footer() const;

    RecordOptions options_;
    RecordSink& sink_;
    BpfSession session_;
    ClockMapping clock_;
    Event event_;
    RecordStatus status_;
    std::map<uint32_t, TargetInfo> targets_;  // the planned ones and those found by --comm at start
    std::set<uint32_t> live_;
    // Distinct sockets and peers for the status line. Consecutive events mostly share both, so
    // the sets are only searched when one differs from the previous event's.
    std::set<uint64_t> sockets_;
    std::set<SockAddr> peers_;
    uint64_t last_socket_ = 0;
    SockAddr last_peer_;
    // The status counters when the current segment began.
    uint64_t segment_first_event_ = 0;
    uint64_t segment_lost_before_ = 0;
};

}  // namespace ntpscope::probe
