#include "core/import/strace/clock.hpp"

#include <time.h>

#include "core/import/strace/syntax.hpp"

namespace ntpscope::import::strace {

namespace {
constexpr int64_t kSecond = 1'000'000'000;
constexpr int64_t kDay = 86400 * kSecond;
constexpr int64_t kHalfDay = kDay / 2;
// The mtime may trail the last write by a little (buffered output, coarse timestamps).
constexpr int64_t kMtimeSlack = 60 * kSecond;
}  // namespace

int64_t local_midnight(int64_t t) {
    time_t seconds = static_cast<time_t>(t / kSecond);
    struct tm local {};
    localtime_r(&seconds, &local);
    local.tm_hour = local.tm_min = local.tm_sec = 0;
    local.tm_isdst = -1;
    return static_cast<int64_t>(mktime(&local)) * kSecond;
}

std::optional<int64_t> parse_local_date(std::string_view text) {
    if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
    auto year = parse_int(text.substr(0, 4));
    auto month = parse_int(text.substr(5, 2));
    auto day = parse_int(text.substr(8, 2));
    if (!year || !month || !day || *year < 1970) return std::nullopt;
    struct tm local {};
    local.tm_year = static_cast<int>(*year - 1900);
    local.tm_mon = static_cast<int>(*month - 1);
    local.tm_mday = static_cast<int>(*day);
    local.tm_isdst = -1;
    time_t midnight = mktime(&local);
    // mktime normalises 2011-02-30 to March 2nd: such a date does not exist.
    if (midnight == -1 || local.tm_mon != *month - 1 || local.tm_mday != *day) return std::nullopt;
    return static_cast<int64_t>(midnight) * kSecond;
}

Clock::Clock(std::optional<int64_t> date, int64_t file_mtime, int64_t relative_total)
    : date_(date), mtime_(file_mtime), relative_anchor_(file_mtime - relative_total) {}

int64_t Clock::at(TimeKind kind, int64_t value) {
    switch (kind) {
        case TimeKind::none:
            return last_;
        case TimeKind::epoch:
            last_ = value;
            break;
        case TimeKind::relative:
            relative_sum_ += value;
            last_ = relative_anchor_ + relative_sum_;
            break;
        case TimeKind::time_of_day:
            if (!midnight_) {
                if (date_) {
                    midnight_ = *date_;
                } else {
                    midnight_ = local_midnight(mtime_);
                    if (value > mtime_ - *midnight_ + kMtimeSlack) *midnight_ -= kDay;  // began yesterday
                }
            } else if (value + kHalfDay < last_time_of_day_) {
                *midnight_ += kDay;
            }
            last_time_of_day_ = value;
            last_ = *midnight_ + value;
            break;
    }
    seen_any_ = true;
    return last_;
}

}  // namespace ntpscope::import::strace
