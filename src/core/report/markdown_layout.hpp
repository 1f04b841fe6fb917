// What every Markdown report (diff, fleet) escapes the same way, to paste into a ticket.
#pragma once

#include <string>
#include <string_view>

#include "core/report/summary_document.hpp"

namespace ntpscope::report {

// Trace-derived text must not turn into markup where a tracker renders HTML in Markdown
// (entities read back as the same characters), nor break a table row.
std::string markdown_text(std::string_view text);

// The table with every cell passed through markdown_text.
void markdown_table(std::string& out, SummaryTable table);

}  // namespace ntpscope::report
