#include "core/report/finding_json.hpp"

#include "core/report/summary_document.hpp"

namespace ntpscope::report {

namespace {

void value(json::Writer& w, const diff::Value& v) {
    if (const auto* n = std::get_if<int64_t>(&v)) w.number(*n);
    else if (const auto* d = std::get_if<double>(&v)) w.number(*d);
    else if (const auto* s = std::get_if<std::string>(&v)) w.string(*s);
    else w.null();
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

}  // namespace

void write_finding(json::Writer& w, const diff::Finding& f) {
    w.begin_object();
    w.key("severity").string(diff::severity_name(f.severity));
    w.key("rank").number(f.rank);
    w.key("kind").string(f.kind_name());
    if (f.cause) w.key("cause").string(f.cause->name);
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

}  // namespace ntpscope::report
