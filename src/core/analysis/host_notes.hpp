// Notes for the reader of a summary: what the trace cannot tell, or tells only in part.
#pragma once

#include <vector>

#include "core/analysis/host_model.hpp"

namespace ntpscope::analysis {

// Derived from a finished model (meta, peers): one note per problem, in a fixed order.
std::vector<Note> derive_notes(const HostModel& model);

}  // namespace ntpscope::analysis
