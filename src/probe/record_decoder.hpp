// Turns one ring-buffer record (struct ntps_event + payload + raw extra bytes) into a trace
// Event. Kept apart from libbpf so it is unit-tested without root.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "core/model/event.hpp"

namespace ntpscope::probe {

// Maps the kernel's monotonic clock to wall-clock time. The offset is re-sampled by the
// recorder (periodically and after a traced clock step), so `t` follows steps of the clock.
struct ClockMapping {
    int64_t realtime_minus_mono = 0;
    static ClockMapping sample();
};

// Fills `out` (reusing its storage). Returns false when the record is malformed (too short
// for its own lengths), which the recorder counts as a lost event rather than guessing.
bool decode_record(std::span<const uint8_t> record, const ClockMapping& clock, Event& out);

}  // namespace ntpscope::probe
