#include "core/report/summary_render.hpp"

namespace ntpscope::report {

namespace {
constexpr SummaryFormatName kFormats[] = {
    {"text", SummaryFormat::text},
    {"markdown", SummaryFormat::markdown},
    {"json", SummaryFormat::json},
};
}  // namespace

std::span<const SummaryFormatName> summary_formats() { return kFormats; }

std::optional<SummaryFormat> parse_summary_format(std::string_view name) { return find_format(summary_formats(), name); }

std::string render_summary(const analysis::HostModel& model, SummaryFormat format) {
    switch (format) {
        case SummaryFormat::text: return summary_text(model);
        case SummaryFormat::markdown: return summary_markdown(model);
        case SummaryFormat::json: return summary_json(model);
    }
    return summary_text(model);
}

}  // namespace ntpscope::report
