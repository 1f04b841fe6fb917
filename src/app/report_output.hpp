// The reports a reading command writes, by format name. The names come from one table per
// report (core/report's summary_formats/diff_formats/fleet_formats): CLI11 offers them, and the same table
// picks the renderer.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/analysis/host_model.hpp"
#include "core/diff/compare.hpp"
#include "core/fleet/fleet_report.hpp"

namespace ntpscope::app {

std::vector<std::string> summary_format_names();
std::vector<std::string> diff_format_names();
std::vector<std::string> fleet_format_names();
// "text (default), markdown or json", for a --format option's help.
std::string describe_formats(const std::vector<std::string>& names);

// Render and write to `output` ("-" or empty: stdout). Text is coloured only on a terminal
// without NO_COLOR. Throw std::runtime_error on an unknown format or a write error.
void write_summary(const std::string& output, const analysis::HostModel& model, std::string_view format);
void write_diff(const std::string& output, const diff::DiffReport& report, std::string_view format);
void write_fleet(const std::string& output, const fleet::FleetReport& report, std::string_view format);

}  // namespace ntpscope::app
