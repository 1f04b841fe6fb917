#include "core/analysis/poll_history.hpp"

#include <algorithm>
#include <cmath>

namespace ntpscope::analysis {

void PollRunTracker::add(int64_t t, int8_t poll, FirstLast<PollRun, 8>& log) {
    if (run_ && run_->poll == poll) {
        run_->last_t = t;
        ++run_->packets;
        return;
    }
    if (run_) log.add(*run_);
    run_ = PollRun{t, t, poll, 1};
}

void PollRunTracker::finish(FirstLast<PollRun, 8>& log) {
    if (run_) log.add(*run_);
    run_.reset();
}

std::optional<int8_t> PollRunTracker::current() const {
    if (!run_) return std::nullopt;
    return run_->poll;
}

int HeardRegister::missed_intervals(int64_t gap_ns, int8_t poll) {
    const double interval = std::ldexp(1.0, std::clamp<int>(poll, 0, 17));
    const long intervals = std::lround(static_cast<double>(gap_ns) * 1e-9 / interval);
    return static_cast<int>(std::clamp<long>(intervals - 1, 0, 8));
}

void HeardRegister::heard(int64_t t, int8_t poll) {
    if (any_) {
        const int missed = missed_intervals(t - last_t_, poll_);
        reach_ = static_cast<uint8_t>(missed >= 8 ? 0 : reach_ << missed);
    }
    reach_ = static_cast<uint8_t>((reach_ << 1) | 1);
    last_t_ = t;
    poll_ = poll;
    any_ = true;
}

uint8_t HeardRegister::value_at(int64_t end) const {
    if (!any_) return 0;
    const int missed = missed_intervals(end - last_t_, poll_);
    return static_cast<uint8_t>(missed >= 8 ? 0 : reach_ << missed);
}

}  // namespace ntpscope::analysis
