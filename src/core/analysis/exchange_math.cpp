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

void JitterWindow::add(double offset) {
    offsets_[count_ % kSize] = offset;
    ++count_;
}

double JitterWindow::jitter() const {
    const size_t n = std::min(count_, kSize);
    if (n < 2) return 0;
    const double newest = offsets_[(count_ - 1) % kSize];
    double sum = 0;
    for (size_t i = 0; i < n; ++i) {
        const double d = offsets_[i] - newest;
        sum += d * d;
    }
    return std::sqrt(sum / static_cast<double>(n - 1));
}

}  // namespace ntpscope::analysis
