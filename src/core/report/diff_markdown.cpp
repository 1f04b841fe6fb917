// Markdown layout, to paste into a ticket: a table of all findings, a section for each one
// above info, then both hosts' ntpq -p tables.
#include <fmt/format.h>

#include "core/report/diff_layout.hpp"
#include "core/report/diff_render.hpp"
#include "core/report/markdown_layout.hpp"

namespace ntpscope::report {

using diff::Finding;

namespace {

void examples(std::string& out, const char* who, const std::vector<diff::Example>& list) {
    if (list.empty()) return;
    out += fmt::format("\n{} host examples:\n\n```text\n", who);
    for (const diff::Example& e : list) out += example_line(e) + "\n";
    out += "```\n";
}

void section(std::string& out, const Finding& f) {
    out += fmt::format("\n## {}. {}: `{}`\n\n**{}**\n", f.rank, diff::severity_name(f.severity),
                       f.kind_name(), markdown_text(f.title));
    if (f.socket)
        out += fmt::format("\nSocket: good host {}, bad host {}.\n",
                           markdown_text(f.socket->good.empty() ? "none" : f.socket->good),
                           markdown_text(f.socket->bad.empty() ? "none" : f.socket->bad));
    if (!f.evidence.metrics.empty()) {
        out += "\n";
        markdown_table(out, evidence_table(f));
    }
    examples(out, "Good", f.evidence.good_examples);
    examples(out, "Bad", f.evidence.bad_examples);
    out += fmt::format("\n**What it means:** {}\n\n**Check next:** {}\n", f.meaning(), f.next_steps());
}

void peers_of(std::string& out, const char* who, const analysis::HostModel& host) {
    const SummaryTable peers = build_summary_document(host).tables.front();  // the ntpq -p table
    out += fmt::format("\n### {} host ({})\n\n", who, markdown_text(host.meta.host.empty() ? "unnamed" : host.meta.host));
    if (peers.rows.empty()) out += peers.empty_text + "\n";
    else markdown_table(out, peers);
}

}  // namespace

std::string diff_markdown(const diff::DiffReport& report) {
    std::string out = "# ntpscope diff\n\n";
    markdown_table(out, hosts_table(report));
    out += fmt::format("\n**Findings:** {}. {}\n\n", severity_counts(report.findings), exit_status_text(report));
    if (report.findings.empty()) {
        out += "No difference worth a finding.\n";
    } else {
        SummaryTable list{"Findings", {"#", "severity", "kind", "finding"}, {}, ""};
        for (const Finding& f : report.findings)
            list.rows.push_back({fmt::format("{}", f.rank), std::string(diff::severity_name(f.severity)),
                                 fmt::format("`{}`", f.kind_name()), f.title});
        markdown_table(out, list);
    }
    for (const Finding& f : report.findings)
        if (f.severity != diff::Severity::info) section(out, f);
    out += "\n## Peers (ntpq -p, rebuilt from the wire)\n";
    peers_of(out, "Good", report.good);
    peers_of(out, "Bad", report.bad);
    return out;
}

}  // namespace ntpscope::report
