// Reads a JSON Lines trace and streams it into an EventSink.
#pragma once

#include <string>
#include <string_view>

#include "core/model/sink.hpp"

namespace ntpscope {

// True when `prefix` (the first bytes of a file) starts like an ntpscope trace header.
bool looks_like_trace(std::string_view prefix);

// Throws InputError naming `path` and the line for a malformed line; a truncated last line
// (no newline, not valid JSON) is reported through sink.on_warning instead.
void read_trace(const std::string& path, EventSink& sink);

}  // namespace ntpscope
