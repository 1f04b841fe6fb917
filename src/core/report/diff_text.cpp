// Terminal layout: the findings above info in full, info ones as one line each, then both
// hosts' ntpq -p tables. Colour only marks severities and headings, and only when asked.
#include <fmt/format.h>

#include "core/report/diff_layout.hpp"
#include "core/report/diff_render.hpp"

namespace ntpscope::report {

using diff::Finding;
using diff::Severity;

namespace {

constexpr size_t kWidth = 100;

struct Style {
    bool colour;

    std::string paint(std::string_view text, std::string_view sgr) const {
        return colour ? fmt::format("\x1b[{}m{}\x1b[0m", sgr, text) : std::string(text);
    }
    std::string bold(std::string_view text) const { return paint(text, "1"); }
    std::string severity(Severity s) const {
        switch (s) {
            case Severity::critical: return paint("CRITICAL", "1;31");
            case Severity::warning: return paint("WARNING", "1;33");
            case Severity::info: return paint("INFO", "36");
        }
        return "";
    }
};

// Trace-derived text must not drive the terminal: control characters (escape sequences in a
// hostile comm or host name) become '?'. Line breaks stay.
std::string clean(std::string_view text) {
    std::string out(text);
    for (char& c : out) {
        const auto u = static_cast<unsigned char>(c);
        if ((u < 0x20 && c != '\n') || u == 0x7f) c = '?';
    }
    return out;
}

// `text` in lines of at most kWidth columns, each starting with `indent`.
std::string wrap(std::string_view text, std::string_view indent) {
    std::string out;
    std::string line(indent);
    size_t start = 0;
    while (start < text.size()) {
        size_t end = text.find(' ', start);
        if (end == std::string_view::npos) end = text.size();
        const std::string_view word = text.substr(start, end - start);
        if (line.size() > indent.size() && line.size() + 1 + word.size() > kWidth) {
            out += line + "\n";
            line = indent;
        }
        if (line.size() > indent.size()) line += ' ';
        line += word;
        start = end + 1;
    }
    return out + line + "\n";
}

std::string indented(const std::string& block, std::string_view indent) {
    std::string out;
    size_t start = 0;
    while (start < block.size()) {
        const size_t end = block.find('\n', start);
        const std::string_view line = std::string_view(block).substr(start, end - start);
        if (!line.empty()) out += std::string(indent) + std::string(line);
        out += "\n";
        if (end == std::string::npos) break;
        start = end + 1;
    }
    return out;
}

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

void full_finding(std::string& out, const Finding& f, const Style& style) {
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
    const Style style{colour};
    std::string out = style.bold("ntpscope diff") + "\n\n";
    std::string hosts;
    append_text_table(hosts, hosts_table(report));
    out += clean(hosts);
    out += fmt::format("{}: {}. {}\n\n", style.bold("Findings"), severity_counts(report),
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
