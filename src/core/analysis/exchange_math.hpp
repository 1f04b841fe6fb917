// The on-wire arithmetic of RFC 5905 §8 and ntpd's jitter, on wall-clock nanoseconds.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

namespace ntpscope::analysis {

struct OffsetDelay {
    double offset = 0;  // s, θ = ((T2 − T1) + (T3 − T4)) / 2
    double delay = 0;   // s, δ = (T4 − T1) − (T3 − T2)
};
// T1 client transmit, T2 server receive, T3 server transmit, T4 client receive (ns).
OffsetDelay exchange_offset(int64_t t1, int64_t t2, int64_t t3, int64_t t4);

// A broadcast packet: server transmit T3, client receive T4, plus half the delay measured
// by an earlier client/server exchange (ntpd's calibration volley).
double broadcast_offset(int64_t t3, int64_t t4, double calibrated_delay);

// ntpd's clock filter over the last kSize samples: the one with the lowest delay gives the
// offset and delay ntpq shows, and jitter is the RMS of the other offsets' differences from it.
class ClockFilter {
public:
    static constexpr size_t kSize = 8;
    struct Output {
        double offset = 0;
        double delay = 0;
        double jitter = 0;
    };
    void add(const OffsetDelay& sample);
    Output output() const;

private:
    std::array<OffsetDelay, kSize> samples_{};
    size_t count_ = 0;  // samples ever added
};

}  // namespace ntpscope::analysis
