#include "core/fleet/host_summary.hpp"

#include <utility>

namespace ntpscope::fleet {

HostSummary summarize_host(const analysis::HostModel& model, std::string input) {
    HostSummary s;
    s.input = std::move(input);
    s.header_host = model.meta.host;
    s.source = model.meta.source;
    s.duration = model.meta.duration;
    s.events = model.meta.events;
    s.behaviour = describe_behaviour(model);
    s.facts = facts_of(s.behaviour);
    s.signature = signature_of(s.facts);
    s.unknowns = unknown_count(s.facts);
    return s;
}

}  // namespace ntpscope::fleet
