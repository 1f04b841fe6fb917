#include "app/report_output.hpp"

#include <cstdlib>
#include <stdexcept>

#include "app/output_file.hpp"
#include "core/report/diff_render.hpp"
#include "core/report/fleet_render.hpp"
#include "core/report/summary_render.hpp"

namespace ntpscope::app {

namespace {

template <class Table>
std::vector<std::string> names_of(const Table& table) {
    std::vector<std::string> out;
    for (const auto& entry : table) out.emplace_back(entry.name);
    return out;
}

std::runtime_error unknown(std::string_view format, const std::vector<std::string>& names) {
    return std::runtime_error("--format '" + std::string(format) + "': expected " + describe_formats(names));
}

// Text is coloured only on a terminal without NO_COLOR.
bool colour_for(const std::string& output, bool text) {
    return text && report::want_colour(output_is_terminal(output), std::getenv("NO_COLOR"));
}

}  // namespace

std::vector<std::string> summary_format_names() { return names_of(report::summary_formats()); }
std::vector<std::string> diff_format_names() { return names_of(report::diff_formats()); }
std::vector<std::string> fleet_format_names() { return names_of(report::fleet_formats()); }

std::string describe_formats(const std::vector<std::string>& names) {
    std::string out;
    for (size_t i = 0; i < names.size(); ++i) {
        if (i > 0) out += i + 1 == names.size() ? " or " : ", ";
        out += names[i];
        if (i == 0) out += " (default)";
    }
    return out;
}

void write_summary(const std::string& output, const analysis::HostModel& model, std::string_view format) {
    const auto parsed = report::parse_summary_format(format);
    if (!parsed) throw unknown(format, summary_format_names());
    write_output(output, report::render_summary(model, *parsed));
}

void write_diff(const std::string& output, const diff::DiffReport& report, std::string_view format) {
    const auto parsed = report::parse_diff_format(format);
    if (!parsed) throw unknown(format, diff_format_names());
    write_output(output, report::render_diff(report, *parsed, colour_for(output, *parsed == report::DiffFormat::text)));
}

void write_fleet(const std::string& output, const fleet::FleetReport& report, std::string_view format) {
    const auto parsed = report::parse_fleet_format(format);
    if (!parsed) throw unknown(format, fleet_format_names());
    write_output(output, report::render_fleet(report, *parsed, colour_for(output, *parsed == report::FleetFormat::text)));
}

}  // namespace ntpscope::app
