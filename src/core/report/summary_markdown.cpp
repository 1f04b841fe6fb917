// Markdown layout: the text summary's tables as GitHub-flavoured tables for a ticket.
#include <fmt/format.h>

#include "core/report/summary_document.hpp"
#include "core/report/summary_render.hpp"

namespace ntpscope::report {

namespace {

std::string cell(const std::string& text) {
    std::string out;
    for (char c : text) {
        if (c == '|') out += "\\|";
        else out += c;
    }
    return out;
}

void row(std::string& out, const std::vector<std::string>& cells) {
    out += "|";
    for (const std::string& c : cells) out += " " + cell(c) + " |";
    out += "\n";
}

void rule(std::string& out, size_t columns) {
    out += "|";
    for (size_t i = 0; i < columns; ++i) out += "---|";
    out += "\n";
}

}  // namespace

std::string markdown_cell(const std::string& text) { return cell(text); }

void append_markdown_table(std::string& out, const SummaryTable& table) {
    row(out, table.columns);
    rule(out, table.columns.size());
    for (const auto& r : table.rows) row(out, r);
}

std::string summary_markdown(const analysis::HostModel& model) {
    const SummaryDocument doc = build_summary_document(model);
    std::string out = "## " + cell(doc.title) + "\n\n";
    row(out, {"", ""});
    rule(out, 2);
    for (const auto& [label, value] : doc.overview) row(out, {"**" + label + "**", value});
    for (const SummaryTable& t : doc.tables) {
        out += "\n### " + t.title + "\n\n";
        if (t.rows.empty()) {
            out += t.empty_text + "\n";
            continue;
        }
        append_markdown_table(out, t);
    }
    out += "\n### Notes\n\n";
    if (doc.notes.empty()) out += "None.\n";
    for (const std::string& n : doc.notes) out += "- " + n + "\n";
    return out;
}

}  // namespace ntpscope::report
