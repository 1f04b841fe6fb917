// The host's clock discipline as its adjtimex/clock_adjtime calls and clock steps show it:
// modes set, states and status bits returned, offset and frequency over time, every step.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/analysis/bounded.hpp"
#include "core/analysis/tuning.hpp"
#include "core/model/syscall.hpp"

namespace ntpscope::analysis {

// adjtimex return values.
enum class ClockState : uint8_t { ok, ins, del, oop, wait, error };
inline constexpr size_t kClockStates = 6;
std::string_view clock_state_name(ClockState s);  // "TIME_OK", ..., "TIME_ERROR"

struct DisciplineSample {
    int64_t t = 0;
    double offset = 0;  // s (timex offset scaled by STA_NANO)
    double freq = 0;    // ppm
    int32_t status = 0;
    bool operator==(const DisciplineSample&) const = default;
};

struct StatusChange {
    int64_t t = 0;
    int32_t status = 0;
    bool operator==(const StatusChange&) const = default;
};

struct ClockStep {
    int64_t t = 0;
    Syscall syscall = Syscall::clock_settime;
    std::optional<double> amount;    // s: ADJ_SETOFFSET's offset, or target − call time
    std::optional<int64_t> target;   // clock_settime / settimeofday target, ns
    bool failed = false;
    bool operator==(const ClockStep&) const = default;
};

// A process that called a clock function: who touches the clock. The daemon's calls are seen
// at the syscall; every other process's in its C library (Event::via).
struct ClockWriter {
    uint32_t pid = 0;
    std::string comm;
    bool daemon = false;
    uint64_t calls = 0;    // reads included
    uint64_t adjusts = 0;  // adjtimex/clock_adjtime with modes: disciplining, or trying to
    uint64_t steps = 0;    // calls that ask to step the clock
    uint64_t failed = 0;
    uint64_t stepped = 0;  // steps the kernel allowed
    uint32_t modes = 0;    // every ADJ_* bit asked for
    std::vector<int32_t> errnos;  // distinct, in order seen, at most kMaxWriterErrnos
    int64_t first_t = 0;
    int64_t last_t = 0;
    bool operator==(const ClockWriter&) const = default;

    bool touches() const { return adjusts > 0 || steps > 0; }
    std::string errno_names() const;  // "EPERM, EINVAL"
};

struct ClockModel {
    uint64_t calls = 0;     // adjtimex + clock_adjtime
    uint64_t failed = 0;
    uint64_t other_clocks = 0;  // clock_adjtime/clock_settime on a clock other than REALTIME
    CappedMap<uint32_t, uint64_t, 32> calls_by_modes;  // ADJ_* bit set -> calls (0 = read)
    std::array<uint64_t, kClockStates> states{};       // returned state -> calls
    std::array<uint64_t, 16> status_bits{};            // STA_* bit -> calls that returned it
    std::optional<DisciplineSample> last;
    RunningStats offsets;  // s
    RunningStats freqs;    // ppm
    IntervalStats call_intervals;
    DownsampledSeries<DisciplineSample, kSeriesPoints> series;
    FirstLast<StatusChange, 8> status_changes;
    uint64_t steps = 0;
    FirstLast<ClockStep, 8> step_log;
    // By pid and name, the daemon first; at most kMaxClockWriters, the rest counted apart.
    std::vector<ClockWriter> writers;
    uint64_t untracked_writer_calls = 0;

    // The processes that changed the clock or tried to.
    std::vector<const ClockWriter*> touching() const;
};

}  // namespace ntpscope::analysis
