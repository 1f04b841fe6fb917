#include "core/report/markdown_layout.hpp"

#include "core/report/diff_layout.hpp"

namespace ntpscope::report {

std::string markdown_text(std::string_view text) {
    std::string out = html_escape(text);
    for (char& c : out)
        if (c == '\n') c = ' ';
    return out;
}

void markdown_table(std::string& out, SummaryTable table) {
    for (auto& row : table.rows)
        for (std::string& cell : row) cell = markdown_text(cell);
    append_markdown_table(out, table);
}

}  // namespace ntpscope::report
