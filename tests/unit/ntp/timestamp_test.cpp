#include <gtest/gtest.h>

#include <cstdint>
#include <limits>

#include "core/ntp/packet.hpp"

namespace ntpscope::ntp {
namespace {

constexpr int64_t kNs = 1'000'000'000;
constexpr int64_t k2024 = 1'704'067'200 * kNs;        // 2024-01-01T00:00:00Z
constexpr int64_t kEra1Start = 2'085'978'496;         // 2036-02-07T06:28:16Z, NTP seconds wrap

TEST(Timestamp, UnixEpochIsNtpSeconds2208988800) {
    const Timestamp t = Timestamp::from_unix_ns(0);
    EXPECT_EQ(t.seconds, 2208988800u);
    EXPECT_EQ(t.fraction, 0u);
    EXPECT_EQ(t.to_unix_ns(k2024), 0);
}

TEST(Timestamp, HalfASecondIsHalfTheFraction) {
    const Timestamp t{3913056000u, 0x80000000u};  // 2024-01-01T00:00:00.5Z
    EXPECT_EQ(t.to_unix_ns(k2024), k2024 + kNs / 2);
    EXPECT_EQ(Timestamp::from_unix_ns(k2024 + kNs / 2), t);
    EXPECT_EQ(t.raw(), (uint64_t{3913056000u} << 32) | 0x80000000u);
}

TEST(Timestamp, NanosecondsSurviveTheRoundTrip) {
    for (int64_t ns : {int64_t{1}, int64_t{999'999'999}, int64_t{123'456'789}, int64_t{500}}) {
        const int64_t t = k2024 + ns;
        EXPECT_EQ(Timestamp::from_unix_ns(t).to_unix_ns(t), t) << ns;
    }
}

TEST(Timestamp, BeforeTheUnixEpochRoundTrips) {
    const int64_t t = -kNs / 2;  // 1969-12-31T23:59:59.5Z
    const Timestamp ts = Timestamp::from_unix_ns(t);
    EXPECT_EQ(ts.seconds, 2208988799u);
    EXPECT_EQ(ts.fraction, 0x80000000u);
    EXPECT_EQ(ts.to_unix_ns(t), t);
}

TEST(Timestamp, SecondsZeroAfterRolloverIsEraOne) {
    const Timestamp wrapped{0, 0};
    EXPECT_EQ(wrapped.to_unix_ns((kEra1Start + 10) * kNs), kEra1Start * kNs);
    const Timestamp last{0xffffffffu, 0};
    EXPECT_EQ(last.to_unix_ns((kEra1Start + 10) * kNs), (kEra1Start - 1) * kNs);
}

TEST(Timestamp, PicksTheEraNearestTheReference) {
    const Timestamp wrapped{0, 0};
    // 1900 is 110 years from 2010 and 2036 only 26: the 2036 reading wins.
    EXPECT_EQ(wrapped.to_unix_ns(1'262'304'000 * kNs), kEra1Start * kNs);
    // Near 1920 the same bits mean 1900.
    EXPECT_EQ(wrapped.to_unix_ns(-1'577'923'200 * kNs), -2'208'988'800 * kNs);
}

TEST(Timestamp, DatesAfter2036RoundTrip) {
    const int64_t t = 2'208'988'800 * kNs + 123;  // 2040-01-01T00:00:00.000000123Z
    const Timestamp ts = Timestamp::from_unix_ns(t);
    EXPECT_LT(ts.seconds, 200'000'000u);  // wrapped into era 1
    EXPECT_EQ(ts.to_unix_ns(t), t);
    EXPECT_EQ(ts.to_unix_ns(t + 30LL * 365 * 86400 * kNs), t);
}

TEST(Timestamp, SaturatesInsteadOfOverflowing) {
    const int64_t max = std::numeric_limits<int64_t>::max();
    // Near the end of int64 ns (2262), era 2 would put this value past it.
    const Timestamp late{0xf0000000u, 0};
    EXPECT_EQ(late.to_unix_ns(max), max);
    const int64_t min = std::numeric_limits<int64_t>::min();
    EXPECT_EQ((Timestamp{0x10000000u, 0}.to_unix_ns(min)), min);
}

TEST(Timestamp, ZeroIsZero) {
    EXPECT_TRUE(Timestamp{}.is_zero());
    EXPECT_FALSE((Timestamp{0, 1}).is_zero());
}

}  // namespace
}  // namespace ntpscope::ntp
