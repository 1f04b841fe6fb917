// The hosts of a synthetic fleet for `ntpscope fleet`'s benchmark: ntpd multicast clients of the
// seed's four servers (mode-5 packets every ~64 s read on the socket bound to 224.0.1.1, each
// followed by the EAGAIN read that ends the drain, and a clock_adjtime every ~64 s). Each host
// has its own address, fds and jitter; some were just restarted (a start-up volley to each
// server), and some have the seed's fault (a unicast client of 10.1.0.51, poll 10).
#pragma once

#include <cstdint>
#include <cstdio>

namespace ntpscope::bench {

struct FleetHostOptions {
    uint32_t index = 0;  // host number: its name, address, fds and random seed
    double hours = 24;
    bool restarted = false;
    bool stuck = false;
    int64_t start_ns = 1'700'000'000'000'000'000;  // Nov 2023
};

// Writes the host's whole trace (header, events in time order, footer) to `out` with
// TraceWriter; returns the number of events. Throws what TraceWriter throws.
uint64_t write_multicast_client(const FleetHostOptions& options, std::FILE* out);

}  // namespace ntpscope::bench
