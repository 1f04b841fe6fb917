// Independent pieces of work spread over threads: fleet reads its hosts' inputs this way.
#pragma once

#include <cstddef>
#include <functional>

namespace ntpscope::app {

// Calls work(i) once for each i in [0, count), on at most `jobs` threads (0: one per core).
// `work` must not throw: each piece keeps its own result or error.
void parallel_for(size_t count, unsigned jobs, const std::function<void(size_t)>& work);

}  // namespace ntpscope::app
