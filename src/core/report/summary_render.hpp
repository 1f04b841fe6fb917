// `ntpscope summary`: one host's model as text (an ntpq -p style terminal view), Markdown
// (the same tables, to paste into a ticket) or JSON (schema in docs/analysis.md).
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "core/report/format_table.hpp"
#include "core/analysis/host_model.hpp"

namespace ntpscope::report {

enum class SummaryFormat { text, markdown, json };
using SummaryFormatName = FormatName<SummaryFormat>;
// The one table of summary formats, the default first: the CLI offers these names.
std::span<const SummaryFormatName> summary_formats();
std::optional<SummaryFormat> parse_summary_format(std::string_view name);

std::string render_summary(const analysis::HostModel& model, SummaryFormat format);

std::string summary_text(const analysis::HostModel& model);
std::string summary_markdown(const analysis::HostModel& model);
std::string summary_json(const analysis::HostModel& model);

}  // namespace ntpscope::report
