// One change (analysis::ChangeDetector) as one log line: text for a person, or a JSON object
// for a log pipeline. Both say the same; neither ever holds a raw control character.
#pragma once

#include <string>

#include "core/analysis/change_detector.hpp"

namespace ntpscope::report {

// "2026-11-26 12:00:00.123  10.0.0.1  poll 64 s -> 1024 s" ("host" where no peer), no newline.
std::string change_text_line(const analysis::Change& change);
// {"time":"...","t":NS,"kind":"poll","peer":"10.0.0.1","from":"64","to":"1024","text":"..."}
std::string change_json_line(const analysis::Change& change);

}  // namespace ntpscope::report
