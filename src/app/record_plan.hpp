// What `record` (and `watch`) will do, settled once before anything is attached: the targets
// read from /proc, the duration, and the snaplen and ring size within the probe's limits.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "probe/record_limits.hpp"
#include "probe/recorder.hpp"

namespace ntpscope::app {

struct RecordRequest {
    std::vector<uint32_t> pids;
    std::vector<std::string> comms;
    std::string duration;  // empty: until stopped
    uint32_t snaplen = probe::kDefaultSnaplen;
    uint32_t ring_kib = probe::kDefaultRingKib;
    bool verbose = false;
    std::string attach;        // --attach: "socket", "syscall", or empty for the socket path where possible
    bool interactive = false;  // with no target given, ask which daemon when several run
};

// Throws std::runtime_error naming the option and the problem.
probe::RecordOptions plan_record(const RecordRequest& request);

}  // namespace ntpscope::app
