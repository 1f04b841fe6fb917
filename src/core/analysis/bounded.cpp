#include "core/analysis/bounded.hpp"

#include <algorithm>

namespace ntpscope::analysis {

void RunningStats::add(double value) {
    ++count;
    if (count == 1) {
        min = max = mean = value;
        m2 = 0;
        return;
    }
    min = std::min(min, value);
    max = std::max(max, value);
    const double delta = value - mean;
    mean += delta / static_cast<double>(count);
    m2 += delta * (value - mean);
}

int IntervalHistogram::bucket_of(double seconds) {
    if (!(seconds > 0)) return 0;
    // Rounding log2 to the nearest integer centres each bucket on a power of two.
    const long k = std::lround(std::log2(seconds));
    return static_cast<int>(std::clamp<long>(k, kMinLog2, kMaxLog2) - kMinLog2);
}

uint64_t IntervalHistogram::total() const {
    uint64_t sum = 0;
    for (uint64_t c : counts) sum += c;
    return sum;
}

int IntervalHistogram::mode_log2() const {
    const auto fullest = std::max_element(counts.begin(), counts.end());
    return log2_of_bucket(static_cast<int>(fullest - counts.begin()));
}

}  // namespace ntpscope::analysis
