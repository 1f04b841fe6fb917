// A deterministic stream of the events an ntpd-like client with several unicast peers makes:
// per poll and peer a mode-3 sendto, the mode-4 reply read by recvmsg (with msg_name, the
// kernel receive timestamp and the IP_PKTINFO destination) and the EAGAIN read that ends the
// drain, plus a clock_adjtime after each clock update and, now and then, a netlink read (the
// interface watcher's traffic that is not NTP). Used by gen_trace and the micro-benchmarks, so
// the benchmarks measure the same shape of trace the command-line runs read. With `clients` set,
// the host is a time server instead: each client's mode-3 request read by recvmsg, the mode-4
// reply sent back by sendto, and the EAGAIN read that ends the drain, clients in turn.
#pragma once

#include <cstdint>
#include <cstdio>
#include <random>

#include "core/model/event.hpp"

namespace ntpscope::bench {

struct SyntheticOptions {
    int peers = 6;       // 4 to 8 is what real clients are configured with
    int poll_log2 = 6;   // 64 s, ntpd's usual steady state
    uint64_t seed = 1;
    uint32_t clients = 0;  // a server answering this many distinct client addresses (0: a client)
    int64_t start_ns = 1'700'000'000'000'000'000;  // Nov 2023
};

class SyntheticHost {
public:
    explicit SyntheticHost(SyntheticOptions options);

    const TraceHeader& header() const { return header_; }
    // Overwrites `out` (reusing its storage) with the next event.
    void next(Event& out);

private:
    void fill_common(Event& out, Syscall call, int32_t fd, int64_t ret);
    void send_request(Event& out, int peer);
    void read_reply(Event& out, int peer);
    void read_eagain(Event& out);
    void adjust_clock(Event& out);
    void read_netlink(Event& out);
    void next_as_client(Event& out);
    void next_as_server(Event& out);
    void read_request(Event& out, uint32_t client);
    void send_reply(Event& out, uint32_t client);

    SyntheticOptions options_;
    TraceHeader header_;
    std::mt19937_64 random_;
    SockInfo ntp_socket_;      // the interface socket ntpd sends from, port 123
    SockInfo netlink_socket_;
    int64_t now_ = 0;          // wall clock of the next event
    int peer_ = 0;             // peer of the exchange in progress
    uint32_t client_ = 0;      // server: client of the exchange in progress
    int step_ = 0;             // position within the exchange
    uint64_t exchanges_ = 0;
    uint64_t request_transmit_ = 0;  // T1 of the request in flight (NTP 32.32)
};

// Writes a whole trace of `events` events (header, events, footer) to `out` with TraceWriter.
// Throws what TraceWriter throws.
void write_synthetic_trace(const SyntheticOptions& options, uint64_t events, std::FILE* out);

}  // namespace ntpscope::bench
