// Finds the date of a -t/-tt strace log from the absolute times the log itself carries: the
// kernel receive stamps of SO_TIMESTAMP/SO_TIMESTAMPNS/SO_TIMESTAMPING control messages and the
// `time=` field strace prints for adjtimex/clock_adjtime. A log's own stamps survive a copy to
// another host or a read days later; its file's mtime does not.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string_view>

#include "core/import/strace/line.hpp"

namespace ntpscope::import::strace {

class DateFinder {
public:
    // Every timestamped line, in file order: the time of day counts the midnights passed.
    // True when the line carried a stamp (and voted).
    bool feed(TimeKind kind, int64_t time_of_day, std::string_view body);

    // Local midnight (ns) of the first -t/-tt line's day, as most stamps agree; nullopt when
    // the log carries no absolute time.
    std::optional<int64_t> first_midnight() const;

private:
    std::map<int64_t, uint64_t> votes_;  // candidate midnight -> stamps that point to it
    int64_t days_passed_ = 0;
    int64_t last_time_of_day_ = 0;
    bool seen_time_of_day_ = false;
};

// The absolute time (s since the epoch) in one strace line body, if it prints one.
std::optional<int64_t> absolute_seconds_in(std::string_view body);

}  // namespace ntpscope::import::strace
