// Test-only: a host's events written as `strace -ttt -yy -xx` would show them, so fleet tests
// can mix strace logs with traces and captures of the same generated hosts. Covers the calls
// the generated ntpd clients make: sendto, recvmsg (with its SO_TIMESTAMPNS time), EAGAIN reads,
// clock_adjtime and clock_settime. Epoch times (-ttt) keep the log free of any date guess.
#pragma once

#include <string>

#include "../diff/scenarios.hpp"

namespace ntpscope::fleet::test {

void write_strace_log(const diff::test::HostTrace& host, const std::string& path);

}  // namespace ntpscope::fleet::test
