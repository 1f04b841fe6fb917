// The clock discipline as the daemon drove it: adjtimex/clock_adjtime calls and clock steps.
#pragma once

#include <optional>

#include "core/analysis/clock_model.hpp"
#include "core/model/event.hpp"

namespace ntpscope::analysis {

class ClockTracker {
public:
    // Takes any adjtimex, clock_adjtime, clock_settime or settimeofday event. Only the
    // daemon's (seen at the syscall) make the discipline; every one counts for who touches it.
    void on_event(const Event& event);
    ClockModel finish();

private:
    void note_writer(const Event& event);
    void on_adjust(const Event& event);
    void on_step(const Event& event);
    void add_step(const Event& event, std::optional<int64_t> target);

    ClockModel model_;
    int64_t last_call_t_ = 0;
};

// timex.offset in seconds: ns when the status has STA_NANO, else us.
double timex_offset_seconds(const Timex& timex);
// timex.freq in ppm (a 16-bit binary fraction).
double timex_freq_ppm(const Timex& timex);
// The time a clock step asked for, ns since the epoch: clock_settime's and settimeofday's
// target, or the time adjtimex/clock_adjtime returned after an ADJ_SETOFFSET.
std::optional<int64_t> step_target(const Event& event);

}  // namespace ntpscope::analysis
