#include "core/report/diff_render.hpp"

namespace ntpscope::report {

namespace {
constexpr DiffFormatName kFormats[] = {
    {"text", DiffFormat::text},
    {"markdown", DiffFormat::markdown},
    {"json", DiffFormat::json},
    {"html", DiffFormat::html},
};
}  // namespace

std::span<const DiffFormatName> diff_formats() { return kFormats; }

std::optional<DiffFormat> parse_diff_format(std::string_view name) { return find_format(diff_formats(), name); }

bool want_colour(bool is_tty, const char* no_color) {
    return is_tty && (no_color == nullptr || *no_color == '\0');
}

std::string render_diff(const diff::DiffReport& report, DiffFormat format, bool colour) {
    switch (format) {
        case DiffFormat::text: return diff_text(report, colour);
        case DiffFormat::markdown: return diff_markdown(report);
        case DiffFormat::json: return diff_json(report);
        case DiffFormat::html: return diff_html(report);
    }
    return diff_text(report, colour);
}

}  // namespace ntpscope::report
