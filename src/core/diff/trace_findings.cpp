#include <fmt/format.h>

#include "core/diff/detectors.hpp"
#include "core/diff/evidence.hpp"

namespace ntpscope::diff {

using analysis::HostModel;
using analysis::Note;
using analysis::NoteCode;

namespace {

// What the analysis noted about a trace's own completeness, as the finding it becomes.
Kind kind_of(NoteCode code) {
    switch (code) {
        case NoteCode::no_ntp: return Kind::no_ntp;
        case NoteCode::lost_events: return Kind::lost_events;
        case NoteCode::short_trace: return Kind::short_trace;
        default: return Kind::trace_incomplete;
    }
}

// A metric only one host has something to say about.
Metric on_side(bool is_bad, std::string key, std::string label, std::string unit, Value value) {
    Metric m{std::move(key), std::move(label), std::move(unit), {}, {}};
    (is_bad ? m.bad : m.good) = std::move(value);
    return m;
}

void host_notes(const HostModel& host, bool is_bad, std::vector<Finding>& out) {
    const std::string who = is_bad ? "bad host" : "good host";
    for (const Note& note : host.notes) {
        const Kind kind = kind_of(note.code);
        // A bad host without NTP is the problem; a good one without it makes the diff moot.
        const Severity severity = kind != Kind::no_ntp ? Severity::info
                                  : is_bad             ? Severity::critical
                                                       : Severity::warning;
        Finding f = make_finding(kind, severity, fmt::format("{}: {}", who, note.text));
        f.evidence.metrics = {
            on_side(is_bad, std::string(analysis::note_code_name(note.code)), "note", "", note.text),
            on_side(is_bad, "events", "events read", "", count(host.meta.events)),
            on_side(is_bad, "duration", "trace duration", "s", host.meta.duration),
        };
        out.push_back(std::move(f));
    }
}

}  // namespace

void find_trace_differences(const DiffReport& report, std::vector<Finding>& out) {
    host_notes(report.good, false, out);
    host_notes(report.bad, true, out);
}

}  // namespace ntpscope::diff
