// HTML layout: one self-contained file like diff's (inline CSS, no script, nothing fetched).
// A hosts x servers matrix coloured by association type and health, one block per group headed
// by its top finding, the majority folded into a <details> element past its typical host; then
// each other group's hosts, differences and findings. Everything from a trace is escaped.
#include <fmt/format.h>

#include "core/report/diff_layout.hpp"
#include "core/report/fleet_layout.hpp"
#include "core/report/fleet_render.hpp"
#include "core/report/html_layout.hpp"

namespace ntpscope::report {

namespace {

// A majority this large shows its typical host and folds the rest away.
constexpr size_t kMajorityRows = 10;

constexpr std::string_view kFleetStyle = R"(
.headline { font-size: 1.05em; }
.blocks { overflow-x: auto; }
table.matrix { table-layout: fixed; margin: 0.2em 0; }
table.matrix col.host { width: 16em; }
table.matrix col.server { width: 6.5em; }
table.matrix td.c { text-align: center; font-family: ui-monospace, "DejaVu Sans Mono", monospace; }
table.matrix td.host { overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
table.matrix th { font-weight: 600; font-size: 0.9em; }
.t-u { background: #f5cba7; }
.t-m { background: #aed6f1; }
.t-b { background: #a3e4d7; }
.t-s { background: #d2b4de; }
.t-none { background: #f8f9f9; color: #a6acaf; }
.h-lossy { background-image: repeating-linear-gradient(45deg, transparent 0 5px, rgba(192, 57, 43, 0.45) 5px 8px); }
.h-silent { background: #c0392b; color: #fff; }
.k-ok { background: #eafaf1; }
.k-bad { background: #fadbd8; }
td.d { outline: 2px solid #1c2833; outline-offset: -3px; font-weight: 700; }
.typical { font-size: 0.75em; color: #566573; margin-left: 0.4em; }
.legend span.c { display: inline-block; min-width: 2em; text-align: center; border: 1px solid #d5d8dc;
                 margin: 0 0.3em 0 1em; font-family: ui-monospace, monospace; }
details { margin: 0.2em 0 0.8em; }
summary { cursor: pointer; color: #2e86c1; }
h3.block { margin: 1em 0 0.2em; font-size: 1em; }
ul.info li { margin: 0.2em 0; }
)";

std::string type_class(analysis::AssociationType t) {
    const char c = analysis::association_type_char(t);
    return c == '-' ? "t-none" : fmt::format("t-{}", c);
}

// One cell: the association type as ntpq's t column shows it, marked by health, outlined
// where it differs from the majority's typical host.
void cell(std::string& out, const fleet::ServerBehaviour* s, const fleet::ServerBehaviour* reference,
          const SockAddr& server) {
    const bool differs = !s != !reference ||
                         (s && reference && (s->type != reference->type || s->health != reference->health));
    const std::string mark = differs ? " d" : "";
    if (!s) {
        out += fmt::format("<td class=\"c t-none{}\" title=\"{}: no association\">&middot;</td>", mark,
                           server.ip_string());
        return;
    }
    std::string text(1, analysis::association_type_char(s->type));
    if (s->health == fleet::Health::lossy) text += "~";
    if (s->health == fleet::Health::silent) text += "!";
    if (!s->kiss_codes.empty()) text += "k";
    const std::string title =
        fmt::format("{}: {}, reach {}{}", server.ip_string(), analysis::association_type_name(s->type),
                    fleet::health_name(s->health),
                    s->kiss_codes.empty() ? "" : fmt::format(", Kiss-o'-Death {}", fmt::join(s->kiss_codes, " ")));
    out += fmt::format("<td class=\"c {} h-{}{}\" title=\"{}\">{}</td>", type_class(s->type),
                       fleet::health_name(s->health), mark, html_escape(title), html_escape(text));
}

// The clock column: "ok", or what is wrong ("step", "idle", "unsync", "freq", "offset");
// "?" for a capture, which shows no clock calls.
std::string clock_text(const fleet::HostBehaviour& b) {
    if (!b.clock) return "?";
    const fleet::ClockBehaviour& c = *b.clock;
    std::vector<std::string_view> wrong;
    if (c.steps) wrong.push_back("step");
    if (c.disciplines == false) wrong.push_back("idle");
    if (c.unsynchronised == true) wrong.push_back("unsync");
    if (c.frequency_at_limit == true) wrong.push_back("freq");
    if (c.offset_past_step == true) wrong.push_back("offset");
    return wrong.empty() ? "ok" : fmt::format("{}", fmt::join(wrong, " "));
}

void clock_cell(std::string& out, const fleet::HostBehaviour& b, const fleet::HostBehaviour& reference) {
    const std::string text = clock_text(b);
    const bool differs = text != "?" && text != clock_text(reference);
    const char* colour = text == "ok" ? "k-ok" : text == "?" ? "t-none" : "k-bad";
    out += fmt::format("<td class=\"c {}{}\" title=\"clock: {}\">{}</td>", colour,
                       differs ? " d" : "",
                       text == "?" ? "a capture shows no clock calls" : "adjtimex/clock_adjtime " + text, text);
}

void matrix_open(std::string& out, const std::vector<SockAddr>& servers) {
    out += "<table class=\"matrix\"><colgroup><col class=\"host\">";
    for (size_t i = 0; i <= servers.size(); ++i) out += "<col class=\"server\">";
    out += "</colgroup>\n<tr><th>host</th>";
    for (const SockAddr& s : servers) out += "<th>" + html_escape(s.ip_string()) + "</th>";
    out += "<th>clock</th></tr>\n";
}

void row(std::string& out, const fleet::FleetReport& report, size_t host, const std::vector<SockAddr>& servers) {
    const fleet::HostSummary& h = report.hosts[host];
    const fleet::HostBehaviour& reference = report.hosts[report.majority().typical].behaviour;
    const bool typical = report.groups[report.group_of[host]].typical == host;
    out += fmt::format("<tr data-host=\"{0}\"><td class=\"host\" title=\"{1}\">{0}{2}</td>", html_escape(h.name),
                       html_escape(h.input), typical ? "<span class=\"typical\">typical</span>" : "");
    for (const SockAddr& s : servers) cell(out, h.behaviour.find(s), reference.find(s), s);
    clock_cell(out, h.behaviour, reference);
    out += "</tr>\n";
}

// "Group 2: 3 hosts  CRITICAL stuck_unicast 10.1.0.51  findings": what sets it apart, at a glance.
std::string block_heading(const fleet::FleetReport& report, size_t g) {
    std::string out = html_escape(group_heading(report, g));
    if (g == 0) return out;
    const fleet::Group& group = report.groups[g];
    if (!group.findings.empty()) {
        const diff::Finding& top = group.findings.front();
        const std::string_view severity = diff::severity_name(top.severity);
        out += fmt::format(" <span class=\"badge {}\">{}</span> <code>{}</code> {}", severity, severity,
                           top.kind_name(), html_escape(top.peer.value_or("")));
    }
    return out + fmt::format(" <a href=\"#group-{}\">details</a>", g + 1);
}

void block(std::string& out, const fleet::FleetReport& report, size_t g, const std::vector<SockAddr>& servers) {
    const fleet::Group& group = report.groups[g];
    out += fmt::format("<h3 class=\"block\">{}</h3>\n", block_heading(report, g));
    matrix_open(out, servers);
    const bool fold = g == 0 && group.hosts.size() > kMajorityRows;
    if (fold) row(out, report, group.typical, servers);
    else
        for (size_t h : group.hosts) row(out, report, h, servers);
    out += "</table>\n";
    if (!fold) return;
    out += fmt::format("<details><summary>the other {} of the majority</summary>\n",
                       hosts_text(group.hosts.size() - 1));
    matrix_open(out, servers);
    for (size_t h : group.hosts)
        if (h != group.typical) row(out, report, h, servers);
    out += "</table>\n</details>\n";
}

void legend(std::string& out) {
    out += "<p class=\"legend\">Cells show ntpq's type column:"
           "<span class=\"c t-m\">m</span>multicast<span class=\"c t-b\">b</span>broadcast"
           "<span class=\"c t-u\">u</span>unicast<span class=\"c t-s\">s</span>symmetric"
           "<span class=\"c t-none\">&middot;</span>no association"
           "<span class=\"c t-m h-lossy\">m~</span>lossy<span class=\"c h-silent\">u!</span>never answered"
           "<span class=\"c t-u\">uk</span>Kiss-o'-Death. "
           "The clock column says how the host adjusts its clock: ok, or step, idle (no adjtimex), unsync, "
           "freq (at the kernel's limit), offset (past 128 ms); ? for a capture. "
           "An outlined cell differs from the majority's typical host.</p>\n";
}

void group_section(std::string& out, const fleet::FleetReport& report, size_t g) {
    const fleet::Group& group = report.groups[g];
    out += fmt::format("<section class=\"group\" id=\"group-{}\">\n<h2>{}</h2>\n", g + 1,
                       html_escape(group_heading(report, g)));
    out += "<p><b>Hosts:</b> " + html_escape(names_text(report, group.hosts, group.hosts.size())) + "</p>\n";
    out += "<h3>Behaves otherwise than the majority</h3>\n<ul>\n";
    if (group.differences.empty()) out += "<li>only in facts the majority's typical host cannot show</li>\n";
    for (const fleet::Difference& d : group.differences) out += "<li>" + html_escape(fleet::describe(d)) + "</li>\n";
    out += "</ul>\n";
    out += fmt::format("<h3>Findings</h3>\n<p>{}, by diff: {}.</p>\n", html_escape(comparison_text(report, g)),
                       severity_counts(group.findings));
    const std::string prefix = fmt::format("group-{}-finding-", g + 1);
    bool info_open = false;
    for (const diff::Finding& f : group.findings) {
        if (f.severity != diff::Severity::info) {
            finding_section(out, f, prefix);
            continue;
        }
        if (!info_open) out += "<p>Also noted (info):</p>\n<ul class=\"info\">\n";
        info_open = true;
        out += fmt::format("<li>{}. <code>{}</code> {}</li>\n", f.rank, f.kind_name(), rich(f.title));
    }
    if (info_open) out += "</ul>\n";
    out += "</section>\n";
}

}  // namespace

std::string fleet_html(const fleet::FleetReport& report) {
    std::string out = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
    out += fmt::format("<title>ntpscope fleet: {}, {} groups</title>\n", hosts_text(report.hosts.size()),
                       report.groups.size());
    out += "<style>" + std::string(kReportStyle) + std::string(kFleetStyle) + "</style>\n</head>\n<body>\n";
    out += "<h1>ntpscope fleet</h1>\n";
    out += fmt::format("<p class=\"headline\"><b>{}</b> {}</p>\n", html_escape(fleet_headline(report)),
                       html_escape(fleet_exit_text(report)));
    out += "<h2>Hosts &times; servers, by group</h2>\n";
    legend(out);
    const std::vector<SockAddr> servers = report.servers();
    out += "<div class=\"blocks\">\n";
    for (size_t g = 0; g < report.groups.size(); ++g) block(out, report, g, servers);
    out += "</div>\n";

    for (size_t g = 1; g < report.groups.size(); ++g) group_section(out, report, g);
    if (!report.unreadable.empty()) {
        out += "<h2>Inputs that could not be read</h2>\n<ul>\n";
        for (const fleet::UnreadableInput& u : report.unreadable) out += "<li>" + html_escape(u.error) + "</li>\n";
        out += "</ul>\n";
    }
    out += "</body>\n</html>\n";
    return out;
}

}  // namespace ntpscope::report
