// The summary as titled tables of display strings: text and Markdown lay out the same
// document, so the two can never disagree on what a column holds.
#pragma once

#include <span>
#include <string>
#include <utility>
#include <vector>

#include "core/analysis/host_model.hpp"

namespace ntpscope::report {

struct SummaryTable {
    std::string title;
    std::vector<std::string> columns;
    std::vector<std::vector<std::string>> rows;  // each as wide as `columns`
    std::string empty_text;                      // shown instead of a table without rows
};

struct SummaryDocument {
    std::string title;  // "ntpscope summary: HOST"
    std::vector<std::pair<std::string, std::string>> overview;  // label, value
    std::vector<SummaryTable> tables;  // peers (ntpq -p), traffic, clients, sockets, clock
    std::vector<std::string> notes;
};

SummaryDocument build_summary_document(const analysis::HostModel& model);
// The ntpq -p table of the associations among `peers` (summary, and top's live screen).
SummaryTable peers_table(std::span<const analysis::PeerModel> peers);

// Display helpers shared by the tables.
std::string format_utc(int64_t unix_ns);       // "2026-11-26 12:00:00.123"
std::string format_ms(double seconds);          // "6.520" (ms, 3 decimals)
std::string format_when(double seconds);        // ntpq's: "97", "34m", "5h", "2d"
std::string format_reach(uint8_t reach);        // octal, "377"

// Table layouts, shared with the diff report. Text: title line, aligned columns (or the
// empty text). Markdown: the rows only, as a GitHub table.
void append_text_table(std::string& out, const SummaryTable& table);
void append_markdown_table(std::string& out, const SummaryTable& table);
std::string markdown_cell(const std::string& text);  // escaped for a Markdown table cell

}  // namespace ntpscope::report
