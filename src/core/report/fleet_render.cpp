#include "core/report/fleet_render.hpp"

namespace ntpscope::report {

namespace {
constexpr FleetFormatName kFormats[] = {
    {"text", FleetFormat::text},
    {"markdown", FleetFormat::markdown},
    {"json", FleetFormat::json},
    {"html", FleetFormat::html},
};
}  // namespace

std::span<const FleetFormatName> fleet_formats() { return kFormats; }

std::optional<FleetFormat> parse_fleet_format(std::string_view name) { return find_format(fleet_formats(), name); }

std::string render_fleet(const fleet::FleetReport& report, FleetFormat format, bool colour) {
    switch (format) {
        case FleetFormat::text: return fleet_text(report, colour);
        case FleetFormat::markdown: return fleet_markdown(report);
        case FleetFormat::json: return fleet_json(report);
        case FleetFormat::html: return fleet_html(report);
    }
    return fleet_text(report, colour);
}

}  // namespace ntpscope::report
