// The NTP decoder on the packets a client reads most: a plain mode-4 reply and a 68-byte
// mode-3 request with an MD5 MAC (the trailer walk).
#include <benchmark/benchmark.h>

#include "bench/synthetic_host.hpp"
#include "core/ntp/packet.hpp"

namespace {

// The synthetic host's first reply (its second event): realistic timestamps and fields.
std::vector<uint8_t> reply_packet() {
    ntpscope::bench::SyntheticHost host({});
    ntpscope::Event event;
    host.next(event);
    host.next(event);
    return event.data;
}

std::vector<uint8_t> request_with_mac() {
    std::vector<uint8_t> p(68, 0);
    p[0] = (4 << 3) | 3;
    p[51] = 1;  // key id 1, then a 16-byte digest
    for (size_t i = 52; i < p.size(); ++i) p[i] = static_cast<uint8_t>(0xa5 ^ i);
    return p;
}

void decode_loop(benchmark::State& state, const std::vector<uint8_t>& packet) {
    for (auto _ : state) {
        auto decoded = ntpscope::ntp::decode(packet);
        benchmark::DoNotOptimize(decoded);
    }
    state.SetItemsProcessed(state.iterations());
    state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(packet.size()));
}

void BM_NtpDecodeReply48(benchmark::State& state) { decode_loop(state, reply_packet()); }
void BM_NtpDecodeRequestMac68(benchmark::State& state) { decode_loop(state, request_with_mac()); }

}  // namespace

BENCHMARK(BM_NtpDecodeReply48);
BENCHMARK(BM_NtpDecodeRequestMac68);
