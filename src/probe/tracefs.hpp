#pragma once

#include <string>

namespace ntpscope::probe {

// libbpf resolves tracepoint ids through tracefs. Minimal hosts (containers, CI VMs) often
// have it unmounted: mount it at /sys/kernel/tracing. Returns the tracefs root in use, or
// throws std::runtime_error explaining why tracing is impossible.
std::string ensure_tracefs();

bool tracepoint_exists(const std::string& tracefs, const std::string& category, const std::string& name);

}  // namespace ntpscope::probe
