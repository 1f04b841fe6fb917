// Who touches the clock: a second process disciplining it beside the daemon (systemd-timesyncd
// next to ntpd or chronyd is the classic), and a step made by a process other than the daemon.
// Both are about the bad host alone; the good host only says whether it is the same there.
#include <fmt/format.h>

#include "core/diff/detectors.hpp"
#include "core/diff/evidence.hpp"
#include "core/kabi/timex_names.hpp"

namespace ntpscope::diff {

using analysis::ClockWriter;
using analysis::HostModel;

namespace {

std::string writer_text(const ClockWriter& w) {
    std::string text = fmt::format("{} (pid {}{}): {} adjusting, {} stepping", w.comm.empty() ? "?" : w.comm, w.pid,
                                   w.daemon ? ", the daemon" : "", times_text(w.adjusts), times_text(w.steps));
    if (w.modes) text += ", modes " + kabi::adj_modes_string(w.modes);
    if (w.failed) text += fmt::format(", {} refused ({})", w.failed, w.errno_names());
    return text;
}

std::vector<Example> writer_examples(const std::vector<const ClockWriter*>& writers) {
    std::vector<Example> out;
    for (const ClockWriter* w : writers)
        if (out.size() < kMaxExamples) out.push_back(Example{w->first_t, writer_text(*w)});
    return out;
}

std::string names(const std::vector<const ClockWriter*>& writers) {
    std::string out;
    for (const ClockWriter* w : writers)
        out += fmt::format("{}{} (pid {})", out.empty() ? "" : ", ", w->comm, w->pid);
    return out;
}

std::vector<const ClockWriter*> foreign_steppers(const HostModel& h) {
    std::vector<const ClockWriter*> out;
    for (const ClockWriter* w : h.clock.touching())
        if (!w->daemon && w->steps > 0) out.push_back(w);
    return out;
}

void compare_disciplines(const DiffReport& report, std::vector<Finding>& out) {
    const auto bad = report.bad.clock.touching();
    const auto good = report.good.clock.touching();
    if (bad.size() < 2 || good.size() >= bad.size()) return;
    size_t allowed = 0;  // writers the kernel let change the clock at least once
    for (const ClockWriter* w : bad) allowed += w->calls > w->failed;
    // Refused calls change nothing: processes that only tried are worth knowing, not a fight.
    const Severity severity = allowed >= 2 ? Severity::critical : allowed ? Severity::warning : Severity::info;
    Finding f = make_finding(Kind::clock_writers, severity,
                             fmt::format("clock: {} processes {} the bad host's clock: {}; good host {}", bad.size(),
                                         allowed ? "discipline" : "tried to discipline (all refused)", names(bad),
                                         good.size()));
    f.evidence.metrics = {Metric{"clock_writers", "processes setting the clock", "", count(good.size()),
                                 count(bad.size())}};
    f.evidence.good_examples = writer_examples(good);
    f.evidence.bad_examples = writer_examples(bad);
    out.push_back(std::move(f));
}

void compare_foreign_steps(const DiffReport& report, std::vector<Finding>& out) {
    const auto bad = foreign_steppers(report.bad);
    const auto good = foreign_steppers(report.good);
    if (bad.empty() || !good.empty()) return;
    uint64_t stepped = 0;
    for (const ClockWriter* w : bad) stepped += w->stepped;
    Finding f = make_finding(Kind::foreign_clock_step, stepped ? Severity::critical : Severity::warning,
                             fmt::format("clock: {} {} the bad host's clock, not the daemon", names(bad),
                                         stepped ? "stepped" : "tried to step"));
    f.evidence.metrics = {Metric{"foreign_steps", "steps by other processes", "", count(0), count(stepped)}};
    f.evidence.bad_examples = writer_examples(bad);
    out.push_back(std::move(f));
}

}  // namespace

void find_clock_writer_differences(const DiffReport& report, std::vector<Finding>& out) {
    compare_foreign_steps(report, out);
    compare_disciplines(report, out);
}

}  // namespace ntpscope::diff
