// Builds a HostModel from a stream of events. Any reader (trace, strace, pcap) feeds it.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "core/analysis/host_model.hpp"
#include "core/import/read_input.hpp"
#include "core/model/sink.hpp"

namespace ntpscope::analysis {

struct AnalysisOptions {
    uint16_t ntp_port = 123;  // datagrams are decoded as NTP when either end uses this port
};

class HostAnalyzer : public EventSink {
public:
    explicit HostAnalyzer(AnalysisOptions options = {});
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

private:
    struct State;
    std::unique_ptr<State> state_;
};

// Reads any input read_input accepts and analyses it (NTP port from `import`).
// Throws InputError on bad input.
HostModel analyze_file(const std::string& path, const ImportOptions& import = {});

}  // namespace ntpscope::analysis
