// What the fleet keeps of each host once its model is built: its behaviour and the facts it
// is grouped by, a few kilobytes however long the trace. Only the few hosts a report compares
// in full are read again (fleet_report.hpp).
#pragma once

#include <cstdint>
#include <string>

#include "core/analysis/host_model.hpp"
#include "core/fleet/behaviour.hpp"
#include "core/fleet/facts.hpp"

namespace ntpscope::fleet {

struct HostSummary {
    std::string name;         // set by whoever knows the other hosts' names (app/fleet)
    std::string input;        // the file it was read from
    std::string header_host;  // the trace header's host name, "" when it has none
    std::string source;       // "ebpf", "strace", "pcap"
    double duration = 0;      // s
    uint64_t events = 0;
    HostBehaviour behaviour;
    Facts facts;
    std::string signature;  // signature_of(facts)
    size_t unknowns = 0;    // facts the input cannot show
};

HostSummary summarize_host(const analysis::HostModel& model, std::string input);

}  // namespace ntpscope::fleet
