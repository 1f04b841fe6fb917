// Turns strace's per-line timestamps into wall-clock ns since the epoch.
// -t/-tt print the local time of day only: the date comes from ReadOptions.date, else from
// the file's modification time (the last line was written at or before it), and a time of day
// that jumps back by more than 12 hours is the next day (midnight passed).
// -r prints the gap since the previous line: the lines are anchored so that the last one is at
// the file's modification time. -ttt needs nothing.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "core/import/strace/line.hpp"

namespace ntpscope::import::strace {

class Clock {
public:
    // `date`: local midnight (ns) of the first line's day, if the user gave one.
    // `relative_total`: the sum of all -r gaps in the file (0 when there are none).
    Clock(std::optional<int64_t> date, int64_t file_mtime, int64_t relative_total);

    // The line's wall time, or the previous line's when it has none (0 before any).
    int64_t at(TimeKind kind, int64_t value);
    bool seen_any() const { return seen_any_; }

private:
    std::optional<int64_t> date_;
    int64_t mtime_;
    int64_t relative_anchor_;
    int64_t relative_sum_ = 0;
    std::optional<int64_t> midnight_;
    int64_t last_time_of_day_ = 0;
    int64_t last_ = 0;
    bool seen_any_ = false;
};

// Local midnight (ns since the epoch) of the day containing `t` (ns since the epoch).
int64_t local_midnight(int64_t t);
// "2011-08-26" -> local midnight of that day (ReadOptions.date); nullopt if it is no date.
std::optional<int64_t> parse_local_date(std::string_view text);

}  // namespace ntpscope::import::strace
