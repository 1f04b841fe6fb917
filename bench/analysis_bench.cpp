// HostAnalyzer per event on the synthetic client's stream, generated on the fly (subtract
// BM_SyntheticNext for the analyzer alone): times must move forward as in a real trace.
#include <benchmark/benchmark.h>

#include "bench/synthetic_host.hpp"
#include "core/analysis/host_analyzer.hpp"

namespace {

void BM_HostAnalyzerOnEvent(benchmark::State& state) {
    ntpscope::bench::SyntheticHost host({});
    ntpscope::analysis::HostAnalyzer analyzer;
    ntpscope::Event event;
    analyzer.on_header(host.header());
    for (auto _ : state) {
        host.next(event);
        analyzer.on_event(event);
    }
    auto model = analyzer.finish();
    benchmark::DoNotOptimize(model.meta.events);
    state.SetItemsProcessed(state.iterations());
}

}  // namespace

BENCHMARK(BM_HostAnalyzerOnEvent);
