// What every diff layout shows, as display strings: the layouts differ only in markup.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/diff/compare.hpp"
#include "core/report/summary_document.hpp"

namespace ntpscope::report {

// A metric value as people read it: "12", "1024 s", "3.5" (per hour: the label says so),
// "12.500 ppm"; "-" for none.
std::string value_text(const diff::Value& value, std::string_view unit);

// The finding's metrics: what, good host, bad host.
SummaryTable evidence_table(const diff::Finding& finding);

// The two traces side by side: host, daemon, trace span, source, events.
SummaryTable hosts_table(const diff::DiffReport& report);

// "1 critical, 2 warning, 3 info"
std::string severity_counts(const std::vector<diff::Finding>& findings);
// "Exit status 1: findings above info." for the reader who gates a script on it.
std::string exit_status_text(const diff::DiffReport& report);

// The peers a report shows in detail: associations on either host and any peer a finding
// names (a busy server's thousands of clients would drown the rest).
std::vector<const diff::PeerMatch*> compared_peers(const diff::DiffReport& report);

// Text for HTML (element content and attribute values): & < > " ' escaped.
std::string html_escape(std::string_view text);

// An example line: "2026-11-26 12:00:41.123  sendto fd 22 ..."
std::string example_line(const diff::Example& example);

}  // namespace ntpscope::report
