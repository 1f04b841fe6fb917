// strace logs as an input: detection by content and the streaming import.
#pragma once

#include <string>
#include <string_view>

#include "core/import/read_input.hpp"

namespace ntpscope::import::strace {

// True when one of the first lines of `prefix` is a line strace prints for a call, a signal or
// an exit (with any of the pid and timestamp prefixes).
bool looks_like_strace(std::string_view prefix);

// Streams an strace log into `sink` (header source "strace"). Lines it does not understand are
// counted and reported once through on_warning; a file with no strace line is an InputError.
void read_strace(const std::string& path, EventSink& sink, const ReadOptions& options);

}  // namespace ntpscope::import::strace
