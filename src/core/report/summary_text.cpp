// Terminal layout: aligned columns, numbers right-aligned like ntpq's, a rule under headers.
#include <algorithm>
#include <cctype>

#include <fmt/format.h>

#include "core/report/summary_document.hpp"
#include "core/report/summary_render.hpp"

namespace ntpscope::report {

namespace {

bool numeric(const std::string& cell) {
    if (cell == "-") return true;
    size_t i = (cell.size() > 1 && (cell[0] == '-' || cell[0] == '+')) ? 1 : 0;
    if (i >= cell.size() || !std::isdigit(static_cast<unsigned char>(cell[i]))) return false;
    for (; i < cell.size(); ++i) {
        const char c = cell[i];
        const bool unit = i + 1 == cell.size() && (c == 'm' || c == 'h' || c == 'd');
        if (!std::isdigit(static_cast<unsigned char>(c)) && c != '.' && !unit) return false;
    }
    return true;
}

void render_table(std::string& out, const SummaryTable& table) {
    out += table.title + "\n";
    if (table.rows.empty()) {
        out += "  " + table.empty_text + "\n\n";
        return;
    }
    const size_t n = table.columns.size();
    std::vector<size_t> width(n);
    std::vector<bool> right(n, true);
    for (size_t c = 0; c < n; ++c) {
        width[c] = table.columns[c].size();
        for (const auto& row : table.rows) {
            width[c] = std::max(width[c], row[c].size());
            right[c] = right[c] && numeric(row[c]);
        }
    }
    right[0] = false;
    auto line = [&](const std::vector<std::string>& cells) {
        std::string text = " ";
        for (size_t c = 0; c < n; ++c) {
            if (c) text += "  ";
            text += right[c] ? fmt::format("{:>{}}", cells[c], width[c]) : fmt::format("{:<{}}", cells[c], width[c]);
        }
        while (!text.empty() && text.back() == ' ') text.pop_back();
        out += text + "\n";
    };
    line(table.columns);
    size_t total = 1;
    for (size_t w : width) total += w + 2;
    out += std::string(total - 2, '=') + "\n";
    for (const auto& row : table.rows) line(row);
    out += "\n";
}

}  // namespace

void append_text_table(std::string& out, const SummaryTable& table) { render_table(out, table); }

std::string summary_text(const analysis::HostModel& model) {
    const SummaryDocument doc = build_summary_document(model);
    std::string out = doc.title + "\n";
    size_t label_width = 0;
    for (const auto& [label, value] : doc.overview) label_width = std::max(label_width, label.size());
    for (const auto& [label, value] : doc.overview) out += fmt::format("  {:<{}}  {}\n", label, label_width, value);
    out += "\n";
    for (const SummaryTable& t : doc.tables) render_table(out, t);
    out += "Notes\n";
    if (doc.notes.empty()) out += "  none\n";
    for (const std::string& n : doc.notes) out += "  - " + n + "\n";
    return out;
}

}  // namespace ntpscope::report
