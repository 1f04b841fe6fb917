#include "core/analysis/clock_tracker.hpp"

#include <sys/timex.h>

#include <algorithm>
#include <ctime>

#include "core/model/clock_step.hpp"

namespace ntpscope::analysis {

double timex_offset_seconds(const Timex& timex) {
    const double unit = (timex.status & STA_NANO) ? 1e-9 : 1e-6;
    return static_cast<double>(timex.offset) * unit;
}

double timex_freq_ppm(const Timex& timex) { return static_cast<double>(timex.freq) / 65536.0; }

std::optional<int64_t> step_target(const Event& event) {
    if (!event.timex) return event.set_time;
    // The kernel returns the time after the step in timex.time (ns under STA_NANO), not the
    // offset it was given: the step is that time against the call's own wall time.
    const Timex& tx = *event.timex;
    const int64_t sub = (tx.status & STA_NANO) ? tx.time_usec : tx.time_usec * 1000;
    return tx.time_sec * 1'000'000'000 + sub;
}

void ClockTracker::on_event(const Event& event) {
    note_writer(event);
    if (event.via == Via::libc) return;
    if (event.syscall == Syscall::adjtimex || event.syscall == Syscall::clock_adjtime)
        on_adjust(event);
    else if (asks_to_step_clock(event))
        on_step(event);
}

void ClockTracker::on_adjust(const Event& event) {
    if (event.clock && *event.clock != CLOCK_REALTIME) {
        ++model_.other_clocks;
        return;
    }
    ++model_.calls;
    if (last_call_t_) model_.call_intervals.add(static_cast<double>(event.t - last_call_t_) * 1e-9);
    last_call_t_ = event.t;
    if (event.failed()) {
        ++model_.failed;
        return;
    }
    if (!event.timex) return;
    const Timex& tx = *event.timex;
    ++model_.calls_by_modes.at(tx.modes);
    if (event.ret >= 0 && event.ret < static_cast<int64_t>(kClockStates))
        ++model_.states[static_cast<size_t>(event.ret)];
    for (size_t bit = 0; bit < model_.status_bits.size(); ++bit)
        if (tx.status & (1 << bit)) ++model_.status_bits[bit];
    if (!model_.last || model_.last->status != tx.status)
        model_.status_changes.add(StatusChange{event.t, tx.status});

    const DisciplineSample sample{event.t, timex_offset_seconds(tx), timex_freq_ppm(tx), tx.status};
    model_.offsets.add(sample.offset);
    model_.freqs.add(sample.freq);
    model_.series.add(sample);
    model_.last = sample;

    if (asks_to_step_clock(event)) add_step(event, step_target(event));
}

void ClockTracker::on_step(const Event& event) {
    if (event.clock && *event.clock != CLOCK_REALTIME) {
        ++model_.other_clocks;
        return;
    }
    add_step(event, step_target(event));
}

void ClockTracker::add_step(const Event& event, std::optional<int64_t> target) {
    ++model_.steps;
    ClockStep step;
    step.t = event.t;
    step.syscall = event.syscall;
    step.target = target;
    step.failed = event.failed();
    if (target) step.amount = static_cast<double>(*target - event.t) * 1e-9;
    model_.step_log.add(step);
}

void ClockTracker::note_writer(const Event& event) {
    auto it = std::find_if(model_.writers.begin(), model_.writers.end(), [&](const ClockWriter& w) {
        return w.pid == event.pid && w.comm == event.comm;
    });
    if (it == model_.writers.end()) {
        if (model_.writers.size() >= kMaxClockWriters) {
            ++model_.untracked_writer_calls;
            return;
        }
        it = model_.writers.insert(model_.writers.end(),
                                   ClockWriter{.pid = event.pid, .comm = event.comm, .daemon = event.via != Via::libc,
                                               .first_t = event.t});
    }
    ClockWriter& w = *it;
    ++w.calls;
    w.last_t = event.t;
    const bool stepping = asks_to_step_clock(event);
    if (event.timex && event.timex->modes != 0 && !stepping) ++w.adjusts;
    if (event.timex) w.modes |= event.timex->modes;
    if (stepping) {
        ++w.steps;
        if (!event.failed()) ++w.stepped;
    }
    if (event.failed()) {
        ++w.failed;
        if (w.errnos.size() < kMaxWriterErrnos && std::find(w.errnos.begin(), w.errnos.end(), event.err) == w.errnos.end())
            w.errnos.push_back(event.err);
    }
}

ClockModel ClockTracker::finish() {
    std::stable_sort(model_.writers.begin(), model_.writers.end(),
                     [](const ClockWriter& a, const ClockWriter& b) { return a.daemon > b.daemon; });
    return std::move(model_);
}

}  // namespace ntpscope::analysis
