// The last few requests sent one way, for matching replies (origin == request transmit) and
// for the 8-bit reach register. A request pushed out of the window unanswered is lost.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <vector>

#include "core/analysis/example_event.hpp"

namespace ntpscope::analysis {

class RequestRing {
public:
    static constexpr size_t kSize = 8;  // = the reach register's width

    struct Request {
        std::optional<uint64_t> transmit;  // raw NTP timestamp as sent, when captured
        int64_t t = 0;          // wall time of the send event
        bool answered = false;
        bool usable = false;    // answered by a reply that counts for reach (not KoD/NAK/unsynced)
        std::optional<int64_t> tx_time;  // kernel transmit timestamp, when the daemon read it
        ExampleEvent example;
    };

    // Records a request; returns the one it pushes out of the window if that was never answered.
    std::optional<Request> add(std::optional<uint64_t> transmit, int64_t t,
                               const ExampleEvent& example);
    // The newest request whose transmit equals `origin`.
    Request* match(uint64_t origin);
    // For a reply whose timestamps were not captured: the newest unanswered request sent at
    // most `window` ns before `t`.
    Request* match_by_time(int64_t t, int64_t window);
    // The last request recorded; nullptr before the first.
    Request* newest() { return total_ ? &ring_[(total_ - 1) % kSize] : nullptr; }
    // Bit i is set when the i-th newest request got a usable reply, or when it is still
    // unanswered but was sent at or after `awaited_since` (a live view counts a request whose
    // reply may still come as reached, so reach does not flicker between a poll and its reply).
    uint8_t reach(int64_t awaited_since = INT64_MAX) const;
    // Requests still in the window that never got a reply, oldest first.
    std::vector<Request> unanswered() const;

private:
    std::array<Request, kSize> ring_{};
    uint64_t total_ = 0;
};

}  // namespace ntpscope::analysis
