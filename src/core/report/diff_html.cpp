// HTML layout: one self-contained file (inline CSS and SVG, system fonts, no script, nothing
// fetched), so it can be attached to a ticket and opened anywhere. Everything that comes
// from a trace is escaped.
#include <fmt/format.h>

#include "core/report/diff_layout.hpp"
#include "core/report/diff_render.hpp"
#include "core/report/diff_timeline.hpp"
#include "core/report/html_layout.hpp"

namespace ntpscope::report {

using diff::Finding;

namespace {

// The diff's own: both hosts' tables side by side, and the timelines.
constexpr std::string_view kDiffStyle = R"(.hosts-tables { display: flex; gap: 2em; flex-wrap: wrap; }
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

std::string type_of(const analysis::PeerModel* p) {
    return p ? std::string(analysis::association_type_name(p->type)) : "no traffic";
}

void host_tables(std::string& out, const char* who, const analysis::HostModel& host) {
    const SummaryDocument doc = build_summary_document(host);
    out += fmt::format("<div>\n<h3>{} host ({})</h3>\n", who,
                       html_escape(host.meta.host.empty() ? "unnamed" : host.meta.host));
    for (const SummaryTable& t : doc.tables) {
        out += "<h4>" + html_escape(t.title) + "</h4>\n";
        html_table(out, t);
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
    out += "<style>" + std::string(kReportStyle) + std::string(kDiffStyle) + "</style>\n</head>\n<body>\n<h1>ntpscope diff</h1>\n";
    html_table(out, hosts_table(report), "hosts");
    out += fmt::format("<p><b>Findings:</b> {}. {}</p>\n", severity_counts(report.findings), exit_status_text(report));

    out += "<h2>Findings</h2>\n";
    if (report.findings.empty()) out += "<p>No difference worth a finding.</p>\n";
    for (const Finding& f : report.findings) finding_section(out, f);

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
