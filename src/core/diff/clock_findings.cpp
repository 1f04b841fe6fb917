#include <sys/timex.h>

#include <cmath>

#include <fmt/format.h>

#include "core/diff/detectors.hpp"
#include "core/diff/evidence.hpp"

namespace ntpscope::diff {

using analysis::ClockModel;
using analysis::ClockStep;
using analysis::DisciplineSample;
using analysis::HostModel;

namespace {

constexpr double kFrequencyLimit = 490.0;  // ppm: the kernel clamps at 500

// A pcap has no syscalls: its clock model is empty, not idle.
bool has_clock_detail(const HostModel& h) { return h.meta.source != "pcap"; }

// adjtimex on old libcs, clock_adjtime on current glibc: name the call the host used.
Syscall adjust_call(const HostModel& h) {
    const auto n = [&](Syscall s) { return h.meta.events_by_syscall[static_cast<size_t>(s)]; };
    return n(Syscall::adjtimex) > n(Syscall::clock_adjtime) ? Syscall::adjtimex : Syscall::clock_adjtime;
}

Example step_example(const ClockStep& s) {
    std::string what(syscall_name(s.syscall));
    if (s.failed) what += ": failed";
    else if (s.amount) what += ": step " + seconds_text(*s.amount, true);
    return Example{s.t, what};
}

// The last few discipline samples (the series is downsampled; the newest is kept apart).
std::vector<Example> sample_examples(const HostModel& h, size_t n) {
    std::vector<DisciplineSample> samples = h.clock.series.points();
    if (const DisciplineSample* latest = h.clock.series.latest();
        latest && (samples.empty() || samples.back().t != latest->t))
        samples.push_back(*latest);
    if (samples.size() > n) samples.erase(samples.begin(), samples.end() - static_cast<std::ptrdiff_t>(n));
    std::vector<Example> out;
    for (const DisciplineSample& s : samples)
        out.push_back(Example{s.t, fmt::format("{}: offset {}, freq {:.3f} ppm, status {:#06x}",
                                                syscall_name(adjust_call(h)),
                                                seconds_text(s.offset, true), s.freq, s.status)});
    return out;
}

struct ClockPair {
    const DiffReport& report;
    const ClockModel& good;
    const ClockModel& bad;
    double good_s;
    double bad_s;

    Finding finding(Kind kind, Severity severity, const std::string& what, double magnitude = 0) const {
        return make_finding(kind, severity, "clock: " + what, magnitude);
    }
    Metric calls() const {
        return Metric{"adjust_calls", "adjtimex/clock_adjtime calls", "", count(good.calls),
                      count(bad.calls)};
    }
    Metric calls_rate() const {
        return Metric{"adjust_rate", "adjtimex/clock_adjtime calls", "/h",
                      per_hour(good.calls, good_s), per_hour(bad.calls, bad_s)};
    }
    Metric status() const {
        const auto last_status = [](const ClockModel& c) {
            return c.last ? Value(fmt::format("{:#06x}", c.last->status)) : Value{};
        };
        return Metric{"status", "last status (STA_*)", "", last_status(good), last_status(bad)};
    }
    Metric offset() const {
        const auto mean = [](const ClockModel& c) { return c.offsets.count ? Value(c.offsets.mean) : Value{}; };
        return Metric{"offset_mean", "kernel offset (mean)", "s", mean(good), mean(bad)};
    }
    Metric frequency() const {
        const auto last = [](const ClockModel& c) { return c.last ? Value(c.last->freq) : Value{}; };
        return Metric{"freq", "frequency (last)", "ppm", last(good), last(bad)};
    }
    void cite_samples(Finding& f) const {
        f.evidence.good_examples = sample_examples(report.good, 2);
        f.evidence.bad_examples = sample_examples(report.bad, kMaxExamples);
    }
};

void compare_steps(const ClockPair& cp, std::vector<Finding>& out) {
    const uint64_t bad_n = cp.bad.steps;
    const uint64_t good_n = cp.good.steps;
    if (bad_n == 0 || (good_n && !clearly_more(bad_n, cp.bad_s, good_n, cp.good_s, 1))) return;
    const std::vector<ClockStep> steps = cp.bad.step_log.items();
    const ClockStep& first = steps.front();
    const std::string how = first.amount ? fmt::format("first by {} with {}", seconds_text(*first.amount, true),
                                                       syscall_name(first.syscall))
                                         : fmt::format("first with {}", syscall_name(first.syscall));
    Finding f = cp.finding(Kind::clock_step, bad_n >= 2 ? Severity::critical : Severity::warning,
                           fmt::format("bad host stepped its clock {} ({}); good host {}",
                                       times_text(bad_n), how,
                                       good_n ? times_text(good_n) : std::string("never did")),
                           saturate(first.amount ? std::fabs(*first.amount) : 0));
    const auto first_amount = [](const ClockModel& c) {
        if (c.steps == 0) return Value{};
        const ClockStep s = c.step_log.items().front();
        return s.amount ? Value(*s.amount) : Value{};
    };
    f.evidence.metrics = {
        Metric{"steps", "clock steps", "", count(good_n), count(bad_n)},
        Metric{"first_step", "first step", "s", first_amount(cp.good), first_amount(cp.bad)},
        cp.calls(),
        cp.offset(),
    };
    for (const ClockStep& s : cp.good.step_log.items())
        if (f.evidence.good_examples.size() < kMaxExamples) f.evidence.good_examples.push_back(step_example(s));
    for (const ClockStep& s : steps)
        if (f.evidence.bad_examples.size() < kMaxExamples) f.evidence.bad_examples.push_back(step_example(s));
    out.push_back(std::move(f));
}

void compare_discipline(const ClockPair& cp, std::vector<Finding>& out) {
    const ClockModel& g = cp.good;
    const ClockModel& b = cp.bad;
    const double expected = expected_over(g.calls, cp.good_s, cp.bad_s);
    if (g.calls >= 4 && expected >= 4 && static_cast<double>(b.calls) <= expected / 4) {
        Finding f = cp.finding(Kind::discipline_missing, Severity::warning,
                               fmt::format("bad host adjusts its clock {:.1f} times an hour against "
                                           "{:.1f} on the good host",
                                           per_hour(b.calls, cp.bad_s), per_hour(g.calls, cp.good_s)),
                               1 - static_cast<double>(b.calls) / expected);
        f.evidence.metrics = {cp.calls(), cp.calls_rate(), cp.status()};
        cp.cite_samples(f);
        out.push_back(std::move(f));
    }
    if (!g.last || !b.last) return;
    if ((b.last->status & STA_UNSYNC) && !(g.last->status & STA_UNSYNC)) {
        Finding f = cp.finding(Kind::clock_unsync, Severity::warning,
                               "the bad host's kernel clock is marked unsynchronised (STA_UNSYNC); "
                               "the good host's is not");
        const auto errors = [](const ClockModel& c) {
            return count(c.states[static_cast<size_t>(analysis::ClockState::error)]);
        };
        f.evidence.metrics = {cp.status(),
                              Metric{"time_error_calls", "calls returning TIME_ERROR", "", errors(g),
                                     errors(b)},
                              cp.calls()};
        cp.cite_samples(f);
        out.push_back(std::move(f));
    }
    if (std::fabs(b.last->freq) >= kFrequencyLimit && std::fabs(g.last->freq) < kFrequencyLimit) {
        Finding f = cp.finding(Kind::freq_limit, Severity::warning,
                               fmt::format("bad host's frequency correction is {:.1f} ppm, at the "
                                           "kernel's limit (good host: {:.1f} ppm)",
                                           b.last->freq, g.last->freq));
        f.evidence.metrics = {cp.frequency(), cp.offset(), cp.status()};
        cp.cite_samples(f);
        out.push_back(std::move(f));
    }
    if (g.offsets.count < 4 || b.offsets.count < 4) return;
    if (const auto severity = offset_gap(std::fabs(g.offsets.mean), std::fabs(b.offsets.mean))) {
        Finding f = cp.finding(Kind::discipline_offset, *severity,
                               fmt::format("bad host hands the kernel a mean offset of {} (good host: {})",
                                           seconds_text(b.offsets.mean, true),
                                           seconds_text(g.offsets.mean, true)),
                               saturate(std::fabs(b.offsets.mean) / kStepThreshold));
        f.evidence.metrics = {cp.offset(), cp.frequency(), cp.calls()};
        cp.cite_samples(f);
        out.push_back(std::move(f));
    }
}

}  // namespace

void find_clock_differences(const DiffReport& report, std::vector<Finding>& out) {
    if (!has_clock_detail(report.good) || !has_clock_detail(report.bad)) return;
    const ClockPair cp{report, report.good.clock, report.bad.clock, seconds_of(report.good),
                       seconds_of(report.bad)};
    compare_steps(cp, out);
    compare_discipline(cp, out);
}

}  // namespace ntpscope::diff
