// Builds a HostModel from a stream of events. Any reader (trace, strace, pcap) feeds it.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/analysis/host_model.hpp"
#include "core/model/read_options.hpp"
#include "core/model/sink.hpp"

namespace ntpscope::analysis {

class HostAnalyzer : public EventSink {
public:
    // Uses the options' NTP port: datagrams are decoded as NTP when either end uses it.
    explicit HostAnalyzer(const ReadOptions& options = {});
    ~HostAnalyzer() override;
    HostAnalyzer(const HostAnalyzer&) = delete;
    HostAnalyzer& operator=(const HostAnalyzer&) = delete;

    void on_header(const TraceHeader& header) override;
    void on_event(const Event& event) override;
    void on_footer(const TraceFooter& footer) override;
    void on_warning(const std::string& message) override;

    // Settles what only the end of the trace decides (unanswered requests, reach, when,
    // association types, notes) and hands over the model. Call once, after the last event.
    HostModel finish();

    // The peers as they stand at `end` (ns), for a live view that keeps feeding events.
    std::vector<PeerModel> peers_at(int64_t end) const;

private:
    struct State;
    std::unique_ptr<State> state_;
};

}  // namespace ntpscope::analysis
