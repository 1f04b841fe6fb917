// The recorder's user-space cost per event: a ring-buffer record (as bpf/ntpscope.bpf.c emits
// for ntpd's recvmsg of a 48-byte reply with an SO_TIMESTAMPNS stamp) decoded by
// record_decoder, then formatted by TraceWriter. Their sum bounds what one consumer core can
// take from the ring buffer.
#include <benchmark/benchmark.h>

#include <cstdio>
#include <vector>

#include "core/trace/trace_writer.hpp"
#include "ntpscope_abi.h"
#include "probe/record_decoder.hpp"
#include "raw_record.hpp"

namespace {

std::vector<uint8_t> recvmsg_record() {
    ntps_event ev = ntpscope::test::recvmsg_event();
    std::vector<uint8_t> payload(48, 0);
    payload[0] = (4 << 3) | 4;
    for (size_t i = 16; i < payload.size(); ++i) payload[i] = static_cast<uint8_t>(i * 37);
    const auto control = ntpscope::test::timestampns_cmsg(1'700'000'000, 123'456'789);
    ev.caplen = static_cast<uint32_t>(payload.size());
    ev.extra_kind = NTPS_EXTRA_CONTROL;
    ev.extra_len = static_cast<uint32_t>(control.size());
    return ntpscope::test::make_record(ev, payload, control);
}

void BM_DecodeRecord(benchmark::State& state) {
    const auto record = recvmsg_record();
    const auto clock = ntpscope::probe::ClockMapping::sample();
    ntpscope::Event event;
    for (auto _ : state) {
        benchmark::DoNotOptimize(ntpscope::probe::decode_record(record, clock, event));
    }
    state.SetItemsProcessed(state.iterations());
}

void BM_DecodeAndWriteRecord(benchmark::State& state) {
    const auto record = recvmsg_record();
    const auto clock = ntpscope::probe::ClockMapping::sample();
    ntpscope::Event event;
    std::FILE* null = std::fopen("/dev/null", "w");
    {
        ntpscope::trace::TraceWriter writer(null);
        for (auto _ : state) {
            ntpscope::probe::decode_record(record, clock, event);
            writer.write_event(event);
        }
        writer.flush();
    }
    std::fclose(null);
    state.SetItemsProcessed(state.iterations());
}

}  // namespace

BENCHMARK(BM_DecodeRecord);
BENCHMARK(BM_DecodeAndWriteRecord);
