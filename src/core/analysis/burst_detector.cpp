#include "core/analysis/burst_detector.hpp"

#include <algorithm>
#include <cmath>

namespace ntpscope::analysis {

double BurstDetector::silence_threshold(const Polling& polling) const {
    return polling.steady.stats.count ? 2 * polling.steady.stats.max : kSilenceWithoutSteady;
}

void BurstDetector::add(int64_t t, int8_t poll, Polling& polling) {
    const double dt = static_cast<double>(t - last_t_) * 1e-9;
    const double announced = std::ldexp(1.0, std::clamp<int>(poll, -6, 17));
    if (any_ && !restart_ && dt <= kBurstGapSeconds && dt < announced / 2) {
        ++run_len_;
        if (run_steady_) {
            polling.steady.add(dt);
        } else if (run_len_ > kMaxBurstRequests) {
            if (gap_before_) polling.steady.add(*gap_before_);
            for (size_t i = 0; i < interval_count_; ++i) polling.steady.add(intervals_[i]);
            polling.steady.add(dt);
            run_steady_ = true;
        } else {
            intervals_[interval_count_++] = dt;
        }
    } else {
        if (any_) close_run(polling);
        run_startup_ = !any_ || restart_ || dt > silence_threshold(polling);
        run_after_restart_ = any_ && restart_;
        gap_before_ = any_ ? std::optional<double>(dt) : std::nullopt;
        run_first_t_ = t;
        run_len_ = 1;
        run_steady_ = false;
        interval_count_ = 0;
    }
    any_ = true;
    restart_ = false;
    last_t_ = t;
}

void BurstDetector::close_run(Polling& polling) {
    if (run_steady_) return;
    const bool burst = run_len_ >= kMinBurstRequests;
    if (burst) {
        ++polling.bursts;
        polling.burst_requests += run_len_;
        if (run_startup_) ++polling.startup_volleys;
        polling.burst_log.add(Burst{run_first_t_, last_t_, run_len_, run_startup_});
    }
    const bool gap_spans_a_restart = burst ? run_startup_ : run_after_restart_;
    if (gap_before_ && !gap_spans_a_restart) polling.steady.add(*gap_before_);
    if (!burst)
        for (size_t i = 0; i < interval_count_; ++i) polling.steady.add(intervals_[i]);
}

void BurstDetector::finish(Polling& polling) {
    if (any_) close_run(polling);
    any_ = false;
}

}  // namespace ntpscope::analysis
