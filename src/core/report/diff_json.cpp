// JSON layout, schema "ntpscope-diff" version 1 (docs/findings.md): both hosts' trace facts,
// the findings most important first, and which peers matched.
#include <fmt/format.h>

#include "core/json/json_writer.hpp"
#include "core/report/diff_layout.hpp"
#include "core/report/diff_render.hpp"
#include "core/report/finding_json.hpp"

namespace ntpscope::report {

using diff::Finding;

namespace {

void host(json::Writer& w, const analysis::HostModel& h) {
    const analysis::TraceMeta& m = h.meta;
    w.begin_object();
    w.key("host").string(m.host);
    w.key("source").string(m.source);
    w.key("tool").string(m.tool);
    w.key("kernel").string(m.kernel);
    w.key("start").number(m.start);
    w.key("start_utc").string(format_utc(m.start));
    w.key("end").number(m.end);
    w.key("duration_s").number(m.duration);
    w.key("events").number(m.events);
    w.key("lost").number(m.lost);
    w.key("footer").boolean(m.footer);
    w.key("targets").begin_array();
    for (const TargetInfo& t : m.targets) {
        w.begin_object();
        w.key("pid").number(t.pid);
        w.key("comm").string(t.comm);
        w.key("exe").string(t.exe);
        w.end_object();
    }
    w.end_array();
    w.key("peers").number(h.peers.size());
    w.key("notes").begin_array();
    for (const analysis::Note& n : h.notes) {
        w.begin_object();
        w.key("code").string(analysis::note_code_name(n.code));
        w.key("text").string(n.text);
        w.end_object();
    }
    w.end_array();
    w.end_object();
}

void peer_type(json::Writer& w, const analysis::PeerModel* p) {
    if (p) w.string(analysis::association_type_name(p->type));
    else w.null();
}

}  // namespace

std::string diff_json(const diff::DiffReport& report) {
    std::string out;
    json::Writer w(out);
    w.begin_object();
    w.key("format").string("ntpscope-diff");
    w.key("version").number(1);
    w.key("good");
    host(w, report.good);
    w.key("bad");
    host(w, report.bad);
    w.key("summary").begin_object();
    w.key("critical").number(report.count(diff::Severity::critical));
    w.key("warning").number(report.count(diff::Severity::warning));
    w.key("info").number(report.count(diff::Severity::info));
    w.key("exit_status").number(report.exit_status());
    w.end_object();
    w.key("findings").begin_array();
    for (const Finding& f : report.findings) write_finding(w, f);
    w.end_array();
    w.key("peers").begin_array();
    for (const diff::PeerMatch& m : report.peers) {
        w.begin_object();
        w.key("peer").string(m.name);
        w.key("good");
        peer_type(w, report.good_peer(m));
        w.key("bad");
        peer_type(w, report.bad_peer(m));
        w.end_object();
    }
    w.end_array();
    w.end_object();
    out += '\n';
    return out;
}

}  // namespace ntpscope::report
