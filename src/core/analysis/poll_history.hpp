// The poll field over time (as runs of equal values) and the "heard" register that stands in
// for reach on associations the host only listens to (multicast/broadcast).
#pragma once

#include <cstdint>
#include <optional>

#include "core/analysis/peer_model.hpp"

namespace ntpscope::analysis {

class PollRunTracker {
public:
    void add(int64_t t, int8_t poll, FirstLast<PollRun, 8>& log);
    // Logs the run in progress.
    void finish(FirstLast<PollRun, 8>& log);
    std::optional<int8_t> current() const;

private:
    std::optional<PollRun> run_;
};

// ntpd shifts reach left once per poll interval and sets bit 0 when a packet arrived. For a
// listened-to association that means: each packet sets a bit after shifting in one zero per
// interval (2^poll of the packet) that passed without one.
class HeardRegister {
public:
    void heard(int64_t t, int8_t poll);
    // The register as it stands at `end`, counting the intervals missed since the last packet.
    uint8_t value_at(int64_t end) const;

private:
    static int missed_intervals(int64_t gap_ns, int8_t poll);
    uint8_t reach_ = 0;
    int64_t last_t_ = 0;
    int8_t poll_ = 6;
    bool any_ = false;
};

}  // namespace ntpscope::analysis
