// Times one input (trace, strace log or pcap) through its reader alone (--read-only: a sink
// that only counts) or through HostAnalyzer, and prints "events=N seconds=S events_per_s=R". bench/run.sh wraps it in
// /usr/bin/time -v for the peak RSS.
#include <CLI/CLI.hpp>

#include <chrono>
#include <cstdio>
#include <iostream>

#include "core/analysis/host_analyzer.hpp"
#include "core/import/read_input.hpp"
#include "core/model/error.hpp"

namespace {

class CountingSink : public ntpscope::EventSink {
public:
    void on_header(const ntpscope::TraceHeader&) override {}
    void on_event(const ntpscope::Event& event) override {
        ++events;
        bytes += event.data.size();
    }
    void on_footer(const ntpscope::TraceFooter&) override {}
    void on_warning(const std::string& message) override { std::cerr << message << '\n'; }

    uint64_t events = 0;
    uint64_t bytes = 0;  // read so the compiler cannot skip decoding the payloads
};

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"Time reading (and analysing) one trace, strace log or pcap"};
    std::string path;
    bool read_only = false;
    app.add_option("input", path, "Trace, strace log or pcap/pcapng capture")->required();
    app.add_flag("--read-only", read_only, "Only read and decode, no analysis");
    CLI11_PARSE(app, argc, argv);

    try {
        const auto start = std::chrono::steady_clock::now();
        uint64_t events = 0;
        if (read_only) {
            CountingSink sink;
            ntpscope::import::read_input(path, sink);
            events = sink.events;
        } else {
            ntpscope::analysis::HostAnalyzer analyzer;
            ntpscope::import::read_input(path, analyzer);
            events = analyzer.finish().meta.events;
        }
        const std::chrono::duration<double> seconds = std::chrono::steady_clock::now() - start;
        std::printf("events=%llu seconds=%.3f events_per_s=%.0f\n", static_cast<unsigned long long>(events),
                    seconds.count(), static_cast<double>(events) / seconds.count());
    } catch (const ntpscope::InputError& e) {
        std::cerr << "analyze_trace: " << e.what() << '\n';
        return 2;
    }
    return 0;
}
