// What both simulators' main() share: line-buffered output for the lab's logs, SIGINT/SIGTERM
// as a clean stop, and every error as one line on stderr with a non-zero exit.
#pragma once

#include <functional>

namespace ntplab {

int run_program(const char* name, const std::function<int()>& body);

}  // namespace ntplab
