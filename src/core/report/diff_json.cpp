// JSON layout, schema "ntpscope-diff" version 1 (docs/findings.md): both hosts' trace facts,
// the findings most important first, and which peers matched.
#include <fmt/format.h>

#include "core/json/json_writer.hpp"
#include "core/report/diff_layout.hpp"
#include "core/report/diff_render.hpp"

namespace ntpscope::report {

using diff::Finding;

namespace {

void value(json::Writer& w, const diff::Value& v) {
    if (const auto* n = std::get_if<int64_t>(&v)) w.number(*n);
    else if (const auto* d = std::get_if<double>(&v)) w.number(*d);
    else if (const auto* s = std::get_if<std::string>(&v)) w.string(*s);
    else w.null();
}

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

// {"metric_key": value, ..., "examples": [{"t", "time", "what"}]} for one host.
void side(json::Writer& w, const std::vector<diff::Metric>& metrics, bool bad,
          const std::vector<diff::Example>& examples) {
    w.begin_object();
    for (const diff::Metric& m : metrics) {
        w.key(m.key);
        value(w, bad ? m.bad : m.good);
    }
    w.key("examples").begin_array();
    for (const diff::Example& e : examples) {
        w.begin_object();
        w.key("t").number(e.t);
        w.key("time").string(format_utc(e.t));
        w.key("what").string(e.what);
        w.end_object();
    }
    w.end_array();
    w.end_object();
}

void finding(json::Writer& w, const Finding& f) {
    w.begin_object();
    w.key("severity").string(diff::severity_name(f.severity));
    w.key("rank").number(f.rank);
    w.key("kind").string(f.kind_name());
    w.key("title").string(f.title);
    w.key("peer");
    if (f.peer) w.string(*f.peer);
    else w.null();
    w.key("socket");
    if (f.socket) {
        w.begin_object();
        w.key("identity").string(f.socket->identity);
        w.key("good").string(f.socket->good);
        w.key("bad").string(f.socket->bad);
        w.end_object();
    } else {
        w.null();
    }
    w.key("evidence").begin_object();
    w.key("good");
    side(w, f.evidence.metrics, false, f.evidence.good_examples);
    w.key("bad");
    side(w, f.evidence.metrics, true, f.evidence.bad_examples);
    w.key("metrics").begin_array();
    for (const diff::Metric& m : f.evidence.metrics) {
        w.begin_object();
        w.key("key").string(m.key);
        w.key("label").string(m.label);
        w.key("unit").string(m.unit);
        w.end_object();
    }
    w.end_array();
    w.end_object();
    w.key("meaning").string(f.meaning());
    w.key("next_steps").string(f.next_steps());
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
    for (const Finding& f : report.findings) finding(w, f);
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
