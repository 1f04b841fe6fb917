#include "app/parallel.hpp"

#include <algorithm>
#include <atomic>
#include <thread>
#include <vector>

namespace ntpscope::app {

void parallel_for(size_t count, unsigned jobs, const std::function<void(size_t)>& work) {
    if (jobs == 0) jobs = std::max(1u, std::thread::hardware_concurrency());
    const size_t threads = std::min<size_t>(jobs, count);
    std::atomic<size_t> next{0};
    const auto worker = [&] {
        for (size_t i = next++; i < count; i = next++) work(i);
    };
    if (threads <= 1) {
        worker();
        return;
    }
    std::vector<std::jthread> pool;
    for (size_t t = 0; t < threads; ++t) pool.emplace_back(worker);
}

}  // namespace ntpscope::app
