// HTML layout: one self-contained file (inline CSS and SVG, system fonts, no script, nothing
// fetched), so it can be attached to a ticket and opened anywhere. Everything that comes
// from a trace is escaped.
#include <fmt/format.h>

#include "core/report/diff_layout.hpp"
#include "core/report/diff_render.hpp"
#include "core/report/diff_timeline.hpp"

namespace ntpscope::report {

using diff::Finding;

namespace {

constexpr std::string_view kStyle = R"(
body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; margin: 2em auto; max-width: 1100px;
       padding: 0 1em; color: #1c2833; line-height: 1.4; }
h1 { margin-bottom: 0.2em; }
table { border-collapse: collapse; margin: 0.5em 0 1em; font-size: 0.92em; }
th, td { border: 1px solid #d5d8dc; padding: 0.2em 0.6em; text-align: left; vertical-align: top; }
th { background: #f2f3f4; }
code, pre { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: 0.9em; }
pre { background: #f8f9f9; border: 1px solid #e5e7e9; padding: 0.5em; overflow-x: auto; margin: 0.2em 0; }
.finding { border-left: 6px solid #aab7b8; padding: 0.2em 1em 0.5em; margin: 1em 0; background: #fdfefe; }
.finding.critical { border-color: #c0392b; }
.finding.warning { border-color: #d68910; }
.finding.info { border-color: #2e86c1; }
.badge { display: inline-block; padding: 0 0.5em; border-radius: 3px; color: #fff; font-size: 0.8em;
         text-transform: uppercase; background: #2e86c1; }
.badge.critical { background: #c0392b; }
.badge.warning { background: #d68910; }
.title { font-weight: 600; }
.hosts-tables { display: flex; gap: 2em; flex-wrap: wrap; }
.hosts-tables > div { flex: 1 1 480px; min-width: 0; overflow-x: auto; }
svg.timeline { display: block; max-width: 100%; height: auto; font-size: 11px; }
svg .row { fill: #f4f6f6; }
svg .ticks { stroke-width: 1.5; fill: none; }
svg .axis { stroke: #7f8c8d; }
svg .tick { text-anchor: middle; fill: #566573; }
svg .rowlabel { text-anchor: end; fill: #566573; }
svg .rowlabel-left, svg .legend { fill: #566573; }
svg .band { font-weight: 600; fill: #1c2833; }
svg .none { fill: #a6acaf; font-style: italic; }
)";

// Escaped text in which `x` spans become <code> (titles such as "ntpq ... type `u`").
std::string rich(std::string_view text) {
    const std::string escaped = html_escape(text);
    std::string out;
    bool open = false;
    for (char c : escaped) {
        if (c == '`') {
            out += open ? "</code>" : "<code>";
            open = !open;
        } else {
            out += c;
        }
    }
    if (open) out += "</code>";
    return out;
}

void table(std::string& out, const SummaryTable& t, const char* css_class = "") {
    if (t.rows.empty()) {
        out += "<p>" + html_escape(t.empty_text) + "</p>\n";
        return;
    }
    out += fmt::format("<table class=\"{}\">\n<tr>", css_class);
    for (const std::string& c : t.columns) out += "<th>" + html_escape(c) + "</th>";
    out += "</tr>\n";
    for (const auto& row : t.rows) {
        out += "<tr>";
        for (const std::string& c : row) out += "<td>" + html_escape(c) + "</td>";
        out += "</tr>\n";
    }
    out += "</table>\n";
}

void examples(std::string& out, const char* who, const std::vector<diff::Example>& list) {
    out += fmt::format("<div><h4>{} host examples</h4>", who);
    if (list.empty()) {
        out += "<p>none</p></div>\n";
        return;
    }
    out += "<pre>";
    for (const diff::Example& e : list) out += html_escape(example_line(e)) + "\n";
    out += "</pre></div>\n";
}

void finding(std::string& out, const Finding& f) {
    const std::string_view severity = diff::severity_name(f.severity);
    out += fmt::format("<section class=\"finding {}\" id=\"finding-{}\" data-kind=\"{}\">\n", severity, f.rank,
                       f.kind_name());
    out += fmt::format("<h3>{}. <span class=\"badge {}\">{}</span> <code>{}</code></h3>\n", f.rank, severity,
                       severity, f.kind_name());
    out += "<p class=\"title\">" + rich(f.title) + "</p>\n";
    if (f.socket)
        out += fmt::format("<p>Socket <code>{}</code>: good host {}, bad host {}.</p>\n",
                           html_escape(f.socket->identity),
                           html_escape(f.socket->good.empty() ? "none" : f.socket->good),
                           html_escape(f.socket->bad.empty() ? "none" : f.socket->bad));
    if (!f.evidence.metrics.empty()) table(out, evidence_table(f), "evidence");
    examples(out, "Good", f.evidence.good_examples);
    examples(out, "Bad", f.evidence.bad_examples);
    out += "<p><b>What it means:</b> " + rich(f.meaning()) + "</p>\n";
    out += "<p><b>Check next:</b> " + rich(f.next_steps()) + "</p>\n</section>\n";
}

std::string type_of(const analysis::PeerModel* p) {
    return p ? std::string(analysis::association_type_name(p->type)) : "no traffic";
}

void host_tables(std::string& out, const char* who, const analysis::HostModel& host) {
    const SummaryDocument doc = build_summary_document(host);
    out += fmt::format("<div>\n<h3>{} host ({})</h3>\n", who,
                       html_escape(host.meta.host.empty() ? "unnamed" : host.meta.host));
    for (const SummaryTable& t : doc.tables) {
        out += "<h4>" + html_escape(t.title) + "</h4>\n";
        table(out, t);
    }
    if (!doc.notes.empty()) {
        out += "<h4>Notes</h4>\n<ul>\n";
        for (const std::string& n : doc.notes) out += "<li>" + html_escape(n) + "</li>\n";
        out += "</ul>\n";
    }
    out += "</div>\n";
}

}  // namespace

std::string diff_html(const diff::DiffReport& report) {
    const auto name = [](const analysis::HostModel& h) { return h.meta.host.empty() ? std::string("unnamed") : h.meta.host; };
    std::string out = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
    out += fmt::format("<title>ntpscope diff: {} against {}</title>\n", html_escape(name(report.good)),
                       html_escape(name(report.bad)));
    out += "<style>" + std::string(kStyle) + "</style>\n</head>\n<body>\n<h1>ntpscope diff</h1>\n";
    table(out, hosts_table(report), "hosts");
    out += fmt::format("<p><b>Findings:</b> {}. {}</p>\n", severity_counts(report), exit_status_text(report));

    out += "<h2>Findings</h2>\n";
    if (report.findings.empty()) out += "<p>No difference worth a finding.</p>\n";
    for (const Finding& f : report.findings) finding(out, f);

    out += "<h2>Timelines</h2>\n<p>Each peer's packets on both hosts, by NTP mode, against the time since the "
           "start of each trace (both on one scale: the longer trace's).</p>\n";
    for (const diff::PeerMatch* m : compared_peers(report)) {
        out += fmt::format("<section class=\"peer\">\n<h3>{} <small>good host: {}, bad host: {}</small></h3>\n",
                           html_escape(m->name), html_escape(type_of(report.good_peer(*m))),
                           html_escape(type_of(report.bad_peer(*m))));
        out += timeline_svg(report, *m);
        out += "</section>\n";
    }

    out += "<h2>Reconstructed tables</h2>\n<div class=\"hosts-tables\">\n";
    host_tables(out, "Good", report.good);
    host_tables(out, "Bad", report.bad);
    out += "</div>\n</body>\n</html>\n";
    return out;
}

}  // namespace ntpscope::report
