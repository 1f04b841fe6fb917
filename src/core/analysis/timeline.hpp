// When packets went each way between the host and one peer, by NTP mode, kept for drawing
// timelines (the diff's HTML report). Each (direction, mode) lane is its own downsampled
// series, so a rare lane (a mode-3 request every 1024 s) is never thinned because a busy one
// (mode 5 every 64 s) filled up. Memory: at most 16 lanes of kTimelinePoints times per peer.
#pragma once

#include <cstdint>
#include <vector>

#include "core/analysis/bounded.hpp"

namespace ntpscope::analysis {

inline constexpr size_t kTimelinePoints = 256;

struct TimelineLane {
    bool received = false;  // else sent by the host
    uint8_t mode = 0;  // NTP mode 0..7
    DownsampledSeries<int64_t, kTimelinePoints> times;  // wall clock ns
};

class PeerTimeline {
public:
    void add(int64_t t, bool received, uint8_t mode) {
        mode &= 7;
        for (TimelineLane& lane : lanes_) {
            if (lane.received == received && lane.mode == mode) {
                lane.times.add(t);
                return;
            }
        }
        lanes_.push_back(TimelineLane{received, mode, {}});
        lanes_.back().times.add(t);
    }
    // In order of first use.
    const std::vector<TimelineLane>& lanes() const { return lanes_; }

private:
    std::vector<TimelineLane> lanes_;
};

}  // namespace ntpscope::analysis
