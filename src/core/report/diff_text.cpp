// Terminal layout: the findings above info in full, info ones as one line each, then both
// hosts' ntpq -p tables. Colour only marks severities and headings, and only when asked.
#include <fmt/format.h>

#include "core/report/diff_layout.hpp"
#include "core/report/diff_render.hpp"
#include "core/report/text_layout.hpp"

namespace ntpscope::report {

using diff::Finding;
using diff::Severity;

namespace {

// A table of the figures; values too long for a column (socket lists) follow it, one line
// per host.
void evidence(std::string& out, const Finding& f) {
    constexpr size_t kLongValue = 32;
    if (f.evidence.metrics.empty()) return;
    SummaryTable table = evidence_table(f);
    std::vector<std::vector<std::string>> long_rows;
    std::erase_if(table.rows, [&](const std::vector<std::string>& row) {
        const bool long_row = row[1].size() > kLongValue || row[2].size() > kLongValue;
        if (long_row) long_rows.push_back(row);
        return long_row;
    });
    if (!table.rows.empty()) {
        std::string text;
        append_text_table(text, table);
        out += indented(clean(text), "  ");
    }
    for (const auto& row : long_rows)
        out += clean(fmt::format("   {}:\n     good host: {}\n     bad host:  {}\n", row[0], row[1], row[2]));
    if (!long_rows.empty()) out += "\n";
}

void examples(std::string& out, const char* who, const std::vector<diff::Example>& list) {
    if (list.empty()) return;
    out += fmt::format("   {} host examples:\n", who);
    for (const diff::Example& e : list) out += "     " + clean(example_line(e)) + "\n";
}

void full_finding(std::string& out, const Finding& f, const TextStyle& style) {
    out += fmt::format("{}. {} {}\n", f.rank, style.severity(f.severity), style.bold(f.kind_name()));
    out += wrap(clean(f.title), "   ");
    if (f.socket)
        out += wrap(clean(fmt::format("socket: good host {}, bad host {}", f.socket->good.empty() ? "none" : f.socket->good,
                                      f.socket->bad.empty() ? "none" : f.socket->bad)),
                    "   ");
    out += "\n";
    evidence(out, f);
    examples(out, "Good", f.evidence.good_examples);
    examples(out, "Bad", f.evidence.bad_examples);
    out += wrap(fmt::format("What it means: {}", f.meaning()), "   ");
    out += wrap(fmt::format("Check next: {}", f.next_steps()), "   ");
    out += "\n";
}

void peers_of(std::string& out, const char* who, const analysis::HostModel& host) {
    SummaryTable peers = build_summary_document(host).tables.front();  // the ntpq -p table
    peers.title = fmt::format("Peers on the {} host ({}), ntpq -p rebuilt from the wire", who,
                              host.meta.host.empty() ? "unnamed" : host.meta.host);
    std::string table;
    append_text_table(table, peers);
    out += clean(table);
}

}  // namespace

std::string diff_text(const diff::DiffReport& report, bool colour) {
    const TextStyle style{colour};
    std::string out = style.bold("ntpscope diff") + "\n\n";
    std::string hosts;
    append_text_table(hosts, hosts_table(report));
    out += clean(hosts);
    out += fmt::format("{}: {}. {}\n\n", style.bold("Findings"), severity_counts(report.findings),
                       exit_status_text(report));

    bool info_heading = false;
    for (const Finding& f : report.findings) {
        if (f.severity != Severity::info) {
            full_finding(out, f, style);
            continue;
        }
        if (!info_heading) out += style.bold("Also noted (info)") + "\n";
        info_heading = true;
        out += wrap(clean(fmt::format("{}. {}: {}", f.rank, f.kind_name(), f.title)), "  ");
    }
    if (info_heading) out += "\n";
    peers_of(out, "good", report.good);
    peers_of(out, "bad", report.bad);
    return out;
}

}  // namespace ntpscope::report
