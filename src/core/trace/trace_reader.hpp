// Reads a JSON Lines trace and streams it into an EventSink.
#pragma once

#include <string>
#include <string_view>

#include "core/model/sink.hpp"

namespace ntpscope::trace {

// True when `prefix` (the first bytes of a file) starts like an ntpscope trace header.
bool looks_like_trace(std::string_view prefix);

// How event lines are parsed: lines in the writer's own shape by a quick scan and the rest by
// simdjson (the default), or every line by simdjson (tests check that both read the same).
enum class EventLineParsing { scanner_first, simdjson_only };

// Throws InputError naming `path` and the line for a malformed line; a truncated last line
// (no newline, not valid JSON) is reported through sink.on_warning instead.
void read_trace(const std::string& path, EventSink& sink,
                EventLineParsing parsing = EventLineParsing::scanner_first);

}  // namespace ntpscope::trace
