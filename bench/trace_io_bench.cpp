// TraceWriter formatting and the trace reader, per event, on the synthetic client's events.
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "bench/synthetic_host.hpp"
#include "core/trace/trace_reader.hpp"
#include "core/trace/trace_writer.hpp"

namespace {

using ntpscope::bench::SyntheticHost;

class CountingSink : public ntpscope::EventSink {
public:
    void on_header(const ntpscope::TraceHeader&) override {}
    void on_event(const ntpscope::Event& event) override { benchmark::DoNotOptimize(event.data.data()); }
    void on_footer(const ntpscope::TraceFooter&) override {}
    void on_warning(const std::string&) override {}
};

// The generator alone, to subtract from the benchmarks that generate on the fly.
void BM_SyntheticNext(benchmark::State& state) {
    SyntheticHost host({});
    ntpscope::Event event;
    for (auto _ : state) {
        host.next(event);
        benchmark::DoNotOptimize(event.t);
    }
    state.SetItemsProcessed(state.iterations());
}

// Formatting plus 1 MiB writes to /dev/null: the writer's CPU cost without the disk. The events
// are made beforehand and cycled: the writer does not care that their times repeat.
void BM_TraceWriteEvent(benchmark::State& state) {
    SyntheticHost host({});
    std::vector<ntpscope::Event> events(4096);
    for (auto& event : events) host.next(event);
    std::FILE* null = std::fopen("/dev/null", "w");
    {
        ntpscope::trace::TraceWriter writer(null);
        writer.write_header(host.header());
        size_t i = 0;
        for (auto _ : state) {
            writer.write_event(events[i]);
            i = (i + 1) % events.size();
        }
        writer.flush();
    }
    std::fclose(null);
    state.SetItemsProcessed(state.iterations());
}

// A trace of state.range(0) events, written once per size under the temp directory.
std::string trace_of(int64_t events) {
    const auto path = std::filesystem::temp_directory_path() /
                      ("ntpscope-bench-" + std::to_string(getpid()) + "-" + std::to_string(events) + ".trace");
    if (std::filesystem::exists(path)) return path;
    std::FILE* out = std::fopen(path.c_str(), "w");
    ntpscope::bench::write_synthetic_trace({}, static_cast<uint64_t>(events), out);
    std::fclose(out);
    return path;
}

void BM_TraceRead(benchmark::State& state) {
    const std::string path = trace_of(state.range(0));
    CountingSink sink;
    for (auto _ : state) ntpscope::trace::read_trace(path, sink);
    state.SetItemsProcessed(state.iterations() * state.range(0));
    state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(std::filesystem::file_size(path)));
    std::filesystem::remove(path);
}

}  // namespace

BENCHMARK(BM_SyntheticNext);
BENCHMARK(BM_TraceWriteEvent);
BENCHMARK(BM_TraceRead)->Arg(200'000)->Unit(benchmark::kMillisecond);
