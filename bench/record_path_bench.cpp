// The recorder's user-space cost per event: a ring-buffer record (as bpf/ntpscope.bpf.c emits
// for ntpd's recvmsg of a 48-byte reply with an SO_TIMESTAMPNS stamp) decoded by
// record_decoder, then formatted by TraceWriter. Their sum bounds what one consumer core can
// take from the ring buffer.
#include <arpa/inet.h>
#include <benchmark/benchmark.h>
#include <sys/socket.h>

#include <cstdio>
#include <cstring>
#include <ctime>
#include <vector>

#include "core/trace/trace_writer.hpp"
#include "ntpscope_abi.h"
#include "probe/record_decoder.hpp"

namespace {

std::vector<uint8_t> recvmsg_record() {
    ntps_event ev{};
    ev.mono_ns = 5'000'000'000ULL;
    ev.pid = 812;
    ev.tid = 812;
    ev.call = NTPS_RECVMSG;
    ev.fd = 18;
    ev.ret = 48;
    ev.len = 48;
    std::strcpy(ev.comm, "ntpd");
    ev.sock.family = AF_INET;
    ev.sock.type = SOCK_DGRAM;
    ev.sock.ino = 41002;
    ev.sock.local_port = 123;
    inet_pton(AF_INET, "10.0.0.2", ev.sock.local_ip);
    sockaddr_in from{};
    from.sin_family = AF_INET;
    from.sin_port = htons(123);
    inet_pton(AF_INET, "10.0.1.1", &from.sin_addr);
    std::memcpy(ev.addr, &from, sizeof from);
    ev.addr_len = sizeof from;

    std::vector<uint8_t> payload(48, 0);
    payload[0] = (4 << 3) | 4;
    for (size_t i = 16; i < payload.size(); ++i) payload[i] = static_cast<uint8_t>(i * 37);

    std::vector<uint8_t> control(CMSG_SPACE(sizeof(timespec)));
    msghdr msg{};
    msg.msg_control = control.data();
    msg.msg_controllen = control.size();
    cmsghdr* c = CMSG_FIRSTHDR(&msg);
    c->cmsg_level = SOL_SOCKET;
    c->cmsg_type = SCM_TIMESTAMPNS;
    c->cmsg_len = CMSG_LEN(sizeof(timespec));
    timespec ts{1'700'000'000, 123'456'789};
    std::memcpy(CMSG_DATA(c), &ts, sizeof ts);

    ev.caplen = static_cast<uint32_t>(payload.size());
    ev.extra_kind = NTPS_EXTRA_CONTROL;
    ev.extra_len = static_cast<uint32_t>(control.size());
    std::vector<uint8_t> record(sizeof ev + payload.size() + control.size());
    std::memcpy(record.data(), &ev, sizeof ev);
    std::memcpy(record.data() + sizeof ev, payload.data(), payload.size());
    std::memcpy(record.data() + sizeof ev + payload.size(), control.data(), control.size());
    return record;
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
        ntpscope::TraceWriter writer(null);
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
