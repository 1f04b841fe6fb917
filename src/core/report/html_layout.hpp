// What every HTML report (diff, fleet) shows the same way: one style sheet (system fonts,
// nothing fetched), tables and findings, everything from a trace escaped.
#pragma once

#include <string>
#include <string_view>

#include "core/diff/finding.hpp"
#include "core/report/summary_document.hpp"

namespace ntpscope::report {

// The style sheet's common part: page, tables, findings and their severity badges.
inline constexpr std::string_view kReportStyle = R"(
body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; margin: 2em auto; max-width: 1100px;
       padding: 0 1em; color: #1c2833; line-height: 1.4; }
h1 { margin-bottom: 0.2em; }
table { border-collapse: collapse; margin: 0.5em 0 1em; font-size: 0.92em; }
th, td { border: 1px solid #d5d8dc; padding: 0.2em 0.6em; text-align: left; vertical-align: top; }
th { background: #f2f3f4; }
code, pre { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: 0.9em; }
pre { background: #f8f9f9; border: 1px solid #e5e7e9; padding: 0.5em; overflow-x: auto; margin: 0.2em 0; }
.finding { border-left: 6px solid #aab7b8; padding: 0.2em 1em 0.5em; margin: 1em 0; background: #fdfefe; }
.finding.critical { border-color: #c0392b; }
.finding.warning { border-color: #d68910; }
.finding.info { border-color: #2e86c1; }
.badge { display: inline-block; padding: 0 0.5em; border-radius: 3px; color: #fff; font-size: 0.8em;
         text-transform: uppercase; background: #2e86c1; }
.badge.critical { background: #c0392b; }
.badge.warning { background: #d68910; }
.title { font-weight: 600; }
)";

// Escaped text in which `x` spans become <code> (titles such as "ntpq ... type `u`").
std::string rich(std::string_view text);

// The table, or its empty text in a paragraph when it has no rows.
void html_table(std::string& out, const SummaryTable& t, const char* css_class = "");

// A finding as diff's report shows it: badge, title, socket, evidence, examples of both hosts,
// what it means and what to check next (<section class="finding SEVERITY" id="ID_PREFIXRANK">;
// a page with several lists of findings gives each its own prefix).
void finding_section(std::string& out, const diff::Finding& f, std::string_view id_prefix = "finding-");

}  // namespace ntpscope::report
