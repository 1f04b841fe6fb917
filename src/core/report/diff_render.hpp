// `ntpscope diff`: the ranked findings as text (a terminal), Markdown (a ticket), JSON (scripts;
// schema in docs/findings.md) or one self-contained HTML file (findings, per-peer timelines of
// both hosts, and both hosts' reconstructed tables).
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "core/report/format_table.hpp"
#include "core/diff/compare.hpp"

namespace ntpscope::report {

enum class DiffFormat { text, markdown, json, html };
using DiffFormatName = FormatName<DiffFormat>;
// The one table of diff formats, the default first: the CLI offers these names.
std::span<const DiffFormatName> diff_formats();
std::optional<DiffFormat> parse_diff_format(std::string_view name);

// Colour only on a terminal, and never when NO_COLOR is set and not empty (no-color.org).
bool want_colour(bool is_tty, const char* no_color);

std::string render_diff(const diff::DiffReport& report, DiffFormat format, bool colour = false);

std::string diff_text(const diff::DiffReport& report, bool colour);
std::string diff_markdown(const diff::DiffReport& report);
std::string diff_json(const diff::DiffReport& report);
std::string diff_html(const diff::DiffReport& report);

}  // namespace ntpscope::report
