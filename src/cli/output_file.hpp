// Where a report goes: a file named by -o, or stdout.
#pragma once

#include <string>

namespace ntpscope::cli {

// Writes `text` to `path`, or to stdout when `path` is empty or "-". Throws
// std::runtime_error ("PATH: cannot write: No space left on device") on failure.
void write_output(const std::string& path, const std::string& text);

// True when the output is stdout and stdout is a terminal.
bool output_is_terminal(const std::string& path);

}  // namespace ntpscope::cli
