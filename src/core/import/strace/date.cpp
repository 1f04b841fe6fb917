#include "core/import/strace/date.hpp"

#include "core/import/strace/clock.hpp"
#include "core/import/strace/syntax.hpp"

namespace ntpscope::import::strace {

namespace {
constexpr int64_t kSecond = 1'000'000'000;
constexpr int64_t kDay = 86400 * kSecond;
constexpr int64_t kHalfDay = kDay / 2;

// The seconds of the first "tv_sec=N" at or after `from`.
std::optional<int64_t> tv_sec_after(std::string_view body, size_t from) {
    constexpr std::string_view kKey = "tv_sec=";
    size_t at = body.find(kKey, from);
    if (at == std::string_view::npos) return std::nullopt;
    size_t begin = at + kKey.size(), end = begin;
    while (end < body.size() && is_digit(body[end])) ++end;
    auto seconds = parse_int(body.substr(begin, end - begin));
    if (!seconds || *seconds <= 0) return std::nullopt;
    return seconds;
}
}  // namespace

std::optional<int64_t> absolute_seconds_in(std::string_view body) {
    // SO_TIMESTAMP_OLD, SO_TIMESTAMPNS_OLD, SO_TIMESTAMPING_OLD and the _NEW forms alike.
    size_t cmsg = body.find("cmsg_type=SO_TIMESTAMP");
    if (cmsg != std::string_view::npos) {
        if (auto s = tv_sec_after(body, cmsg)) return s;
    }
    size_t timex = body.find("time={tv_sec=");
    if (timex != std::string_view::npos && (body.starts_with("adjtimex(") || body.starts_with("clock_adjtime(") ||
                                           body.starts_with("ntp_adjtime(")))
        return tv_sec_after(body, timex);
    return std::nullopt;
}

bool DateFinder::feed(TimeKind kind, int64_t time_of_day, std::string_view body) {
    if (kind != TimeKind::time_of_day) return false;
    if (seen_time_of_day_ && time_of_day + kHalfDay < last_time_of_day_) ++days_passed_;
    seen_time_of_day_ = true;
    last_time_of_day_ = time_of_day;
    auto seconds = absolute_seconds_in(body);
    if (!seconds) return false;
    // The stamp and the line are at most seconds apart, so the first line's midnight is the
    // local midnight nearest to the stamp minus the line's time of day and the days passed.
    // A hostile log's stamp can be any number: one whose time has no ns votes for nothing.
    int64_t stamp = 0, passed = 0, approx = 0;
    if (__builtin_mul_overflow(*seconds, kSecond, &stamp) || __builtin_mul_overflow(days_passed_, kDay, &passed) ||
        __builtin_sub_overflow(stamp, time_of_day, &approx) || __builtin_sub_overflow(approx, passed, &approx) ||
        __builtin_add_overflow(approx, kHalfDay, &approx))
        return false;
    ++votes_[local_midnight(approx)];
    return true;
}

std::optional<int64_t> DateFinder::first_midnight() const {
    std::optional<int64_t> best;
    uint64_t best_votes = 0;
    for (const auto& [midnight, votes] : votes_) {
        if (votes > best_votes) {
            best = midnight;
            best_votes = votes;
        }
    }
    return best;
}

}  // namespace ntpscope::import::strace
