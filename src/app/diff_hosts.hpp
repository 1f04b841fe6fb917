// Two inputs, a good host's and a bad host's, compared into ranked findings (`diff`; `fleet`
// compares its groups' typical hosts the same way).
#pragma once

#include <string>
#include <vector>

#include "core/diff/compare.hpp"
#include "core/model/read_options.hpp"

namespace ntpscope::app {

struct HostInput {
    std::string path;
    ReadOptions read;  // each capture comes from its own host and day
};

// `aliases`: "A=B" texts naming one server by two addresses. Throws InputError on a bad alias
// or a bad input.
diff::DiffReport diff_hosts(const HostInput& good, const HostInput& bad, const std::vector<std::string>& aliases);

}  // namespace ntpscope::app
