// Any input the tool reads, written as pcapng for Wireshark (`export`).
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "core/model/read_options.hpp"

namespace ntpscope::app {

struct ExportCounts {
    uint64_t packets = 0;
    uint64_t notes = 0;  // syslog records for clock calls, socket life cycle and failed calls
};

// `output`: a file (0600, replaced only once complete) or "-" for stdout. Throws InputError on
// bad input, std::runtime_error on a write error.
ExportCounts export_pcapng(const std::string& input, const std::string& output, const ReadOptions& options,
                           const std::function<void(const std::string&)>& warn);

}  // namespace ntpscope::app
