// `ntpscope fleet`: the groups of hosts and what sets each apart from the majority, as text (a
// terminal), Markdown (a ticket), JSON (scripts; schema "ntpscope.fleet/1" in docs/fleet.md) or
// one self-contained HTML file (a hosts x servers matrix, the majority folded away).
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "core/report/format_table.hpp"
#include "core/fleet/fleet_report.hpp"

namespace ntpscope::report {

enum class FleetFormat { text, markdown, json, html };
using FleetFormatName = FormatName<FleetFormat>;
// The one table of fleet formats, the default first: the CLI offers these names.
std::span<const FleetFormatName> fleet_formats();
std::optional<FleetFormat> parse_fleet_format(std::string_view name);

std::string render_fleet(const fleet::FleetReport& report, FleetFormat format, bool colour = false);

std::string fleet_text(const fleet::FleetReport& report, bool colour);
std::string fleet_markdown(const fleet::FleetReport& report);
std::string fleet_json(const fleet::FleetReport& report);
std::string fleet_html(const fleet::FleetReport& report);

}  // namespace ntpscope::report
