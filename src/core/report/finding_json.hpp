// One finding as JSON, the object docs/findings.md specifies ("severity", "rank", "kind", ...):
// the same in diff's report and in fleet's, so a script reads both alike.
#pragma once

#include "core/diff/finding.hpp"
#include "core/json/json_writer.hpp"

namespace ntpscope::report {

void write_finding(json::Writer& w, const diff::Finding& f);

}  // namespace ntpscope::report
