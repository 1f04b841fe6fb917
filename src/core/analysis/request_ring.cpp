#include "core/analysis/request_ring.hpp"

#include <algorithm>

namespace ntpscope::analysis {

std::optional<RequestRing::Request> RequestRing::add(std::optional<uint64_t> transmit, int64_t t,
                                                     const ExampleEvent& example) {
    Request& slot = ring_[total_ % kSize];
    std::optional<Request> lost;
    if (total_ >= kSize && !slot.answered) lost = slot;
    slot = Request{};
    slot.transmit = transmit;
    slot.t = t;
    slot.example = example;
    ++total_;
    return lost;
}

RequestRing::Request* RequestRing::match(uint64_t origin) {
    const uint64_t n = std::min<uint64_t>(total_, kSize);
    for (uint64_t age = 0; age < n; ++age) {
        Request& r = ring_[(total_ - 1 - age) % kSize];
        if (r.transmit == origin) return &r;
    }
    return nullptr;
}

RequestRing::Request* RequestRing::match_by_time(int64_t t, int64_t window) {
    const uint64_t n = std::min<uint64_t>(total_, kSize);
    for (uint64_t age = 0; age < n; ++age) {
        Request& r = ring_[(total_ - 1 - age) % kSize];
        if (t - r.t > window) break;
        if (!r.answered && r.t <= t) return &r;
    }
    return nullptr;
}

uint8_t RequestRing::reach(int64_t awaited_since) const {
    const uint64_t n = std::min<uint64_t>(total_, kSize);
    uint8_t reach = 0;
    for (uint64_t age = 0; age < n; ++age) {
        const Request& r = ring_[(total_ - 1 - age) % kSize];
        if (r.usable || (!r.answered && r.t >= awaited_since)) reach |= static_cast<uint8_t>(1u << age);
    }
    return reach;
}

std::vector<RequestRing::Request> RequestRing::unanswered() const {
    std::vector<Request> out;
    const uint64_t n = std::min<uint64_t>(total_, kSize);
    for (uint64_t i = total_ - n; i < total_; ++i)
        if (!ring_[i % kSize].answered) out.push_back(ring_[i % kSize]);
    return out;
}

}  // namespace ntpscope::analysis
