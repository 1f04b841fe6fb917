// Splits the host's requests to one peer into bursts (iburst/burst volleys, the seed's
// calibration volley) and steady polling, so steady poll statistics never include a volley.
//
// Requests at most kBurstGapSeconds apart, and less than half the interval their poll field
// announces, form a run (a client polling every 2 s with poll 1 is not bursting; an iburst
// volley 2 s apart with poll 6 is). When a run ends:
// - kMinBurstRequests..kMaxBurstRequests requests: a burst. It is a start-up volley when it
//   is the first run to the peer, follows a daemon restart, or follows a silence longer than
//   twice the longest steady interval so far (kSilenceWithoutSteady when there is none yet).
//   Its inner intervals are dropped; the gap before it counts as a steady interval unless it
//   was a start-up volley.
// - fewer: ordinary polls; all intervals count as steady.
// - a run that grows past kMaxBurstRequests is fast steady polling (minpoll 0/1) and counts
//   as steady from then on.
// Memory: one run's intervals, at most kMaxBurstRequests.
#pragma once

#include <array>
#include <cstdint>
#include <optional>

#include "core/analysis/peer_model.hpp"
#include "core/analysis/tuning.hpp"

namespace ntpscope::analysis {

class BurstDetector {
public:
    void add(int64_t t, int8_t poll, Polling& polling);
    // The daemon restarted: the next request starts a new association.
    void restart() { restart_ = true; }
    void finish(Polling& polling);

private:
    void close_run(Polling& polling);
    double silence_threshold(const Polling& polling) const;

    bool any_ = false;
    bool restart_ = false;
    int64_t last_t_ = 0;
    int64_t run_first_t_ = 0;
    uint32_t run_len_ = 0;
    bool run_steady_ = false;
    bool run_startup_ = false;
    bool run_after_restart_ = false;
    std::optional<double> gap_before_;  // s, from the previous run's last request
    std::array<double, kMaxBurstRequests> intervals_{};
    size_t interval_count_ = 0;
};

}  // namespace ntpscope::analysis
