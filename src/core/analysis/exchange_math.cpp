#include "core/analysis/exchange_math.hpp"

#include <algorithm>
#include <cmath>

namespace ntpscope::analysis {

namespace {
constexpr double kNs = 1e-9;
}

OffsetDelay exchange_offset(int64_t t1, int64_t t2, int64_t t3, int64_t t4) {
    // Differences first, in integer ns: the absolute values do not fit a double's mantissa.
    const int64_t outbound = t2 - t1;
    const int64_t inbound = t3 - t4;
    return {
        .offset = static_cast<double>(outbound + inbound) * 0.5 * kNs,
        .delay = static_cast<double>((t4 - t1) - (t3 - t2)) * kNs,
    };
}

double broadcast_offset(int64_t t3, int64_t t4, double calibrated_delay) {
    return static_cast<double>(t3 - t4) * kNs + calibrated_delay / 2;
}

void ClockFilter::add(const OffsetDelay& sample) {
    samples_[count_ % kSize] = sample;
    ++count_;
}

ClockFilter::Output ClockFilter::output() const {
    const size_t n = std::min(count_, kSize);
    if (n == 0) return {};
    // Newest first, so equal delays (broadcast samples share the calibrated one) pick the newest.
    const OffsetDelay* best = nullptr;
    for (size_t age = 0; age < n; ++age) {
        const OffsetDelay& s = samples_[(count_ - 1 - age) % kSize];
        if (!best || s.delay < best->delay) best = &s;
    }
    Output out{best->offset, best->delay, 0};
    if (n < 2) return out;
    double sum = 0;
    for (size_t i = 0; i < n; ++i) {
        const double d = samples_[i].offset - best->offset;
        sum += d * d;
    }
    out.jitter = std::sqrt(sum / static_cast<double>(n - 1));
    return out;
}

}  // namespace ntpscope::analysis
