#include "core/report/summary_render.hpp"

namespace ntpscope::report {

std::optional<SummaryFormat> parse_summary_format(std::string_view name) {
    if (name == "text") return SummaryFormat::text;
    if (name == "markdown") return SummaryFormat::markdown;
    if (name == "json") return SummaryFormat::json;
    return std::nullopt;
}

std::string render_summary(const analysis::HostModel& model, SummaryFormat format) {
    switch (format) {
        case SummaryFormat::text: return summary_text(model);
        case SummaryFormat::markdown: return summary_markdown(model);
        case SummaryFormat::json: return summary_json(model);
    }
    return summary_text(model);
}

}  // namespace ntpscope::report
