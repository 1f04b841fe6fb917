#include <gtest/gtest.h>

#include <string>

#include "core/analysis/bounded.hpp"

namespace ntpscope::analysis {
namespace {

TEST(FirstLast, KeepsHeadAndTailInStreamOrder) {
    FirstLast<int, 3> log;
    for (int i = 0; i < 10; ++i) log.add(i);
    EXPECT_EQ(log.items(), (std::vector<int>{0, 1, 2, 7, 8, 9}));
    EXPECT_EQ(log.total(), 10u);
    EXPECT_EQ(log.dropped(), 4u);
    ASSERT_NE(log.last(), nullptr);
    EXPECT_EQ(*log.last(), 9);
}

TEST(FirstLast, ShortStreamsAreKeptWhole) {
    FirstLast<std::string, 3> log;
    EXPECT_EQ(log.last(), nullptr);
    log.add("a");
    log.add("b");
    EXPECT_EQ(log.items(), (std::vector<std::string>{"a", "b"}));
    ASSERT_NE(log.last(), nullptr);
    EXPECT_EQ(log.items().back(), "b");
    for (const char* s : {"c", "d"}) log.add(s);
    EXPECT_EQ(log.items(), (std::vector<std::string>{"a", "b", "c", "d"}));
    EXPECT_EQ(log.dropped(), 0u);
}

TEST(DownsampledSeries, StaysWithinCapacityAndSpansTheStream) {
    DownsampledSeries<int, 8> series;
    for (int i = 0; i < 1000; ++i) series.add(i);
    EXPECT_LE(series.points().size(), 8u);
    EXPECT_GE(series.points().size(), 4u);
    EXPECT_EQ(series.points().front(), 0);
    EXPECT_GT(series.points().back(), 500);
    EXPECT_EQ(*series.latest(), 999);
    EXPECT_EQ(series.total(), 1000u);
    for (size_t i = 1; i < series.points().size(); ++i)
        EXPECT_EQ(series.points()[i] - series.points()[i - 1], static_cast<int>(series.stride()));
}

TEST(IntervalHistogram, BucketsAreCentredOnPowersOfTwo) {
    EXPECT_EQ(IntervalHistogram::log2_of_bucket(IntervalHistogram::bucket_of(64)), 6);
    EXPECT_EQ(IntervalHistogram::log2_of_bucket(IntervalHistogram::bucket_of(60)), 6);
    EXPECT_EQ(IntervalHistogram::log2_of_bucket(IntervalHistogram::bucket_of(70)), 6);
    EXPECT_EQ(IntervalHistogram::log2_of_bucket(IntervalHistogram::bucket_of(1030)), 10);
    EXPECT_EQ(IntervalHistogram::log2_of_bucket(IntervalHistogram::bucket_of(0)), IntervalHistogram::kMinLog2);
    EXPECT_EQ(IntervalHistogram::log2_of_bucket(IntervalHistogram::bucket_of(1e9)), IntervalHistogram::kMaxLog2);
    IntervalHistogram h;
    for (double s : {63.0, 65.0, 66.0, 1024.0}) h.add(s);
    EXPECT_EQ(h.total(), 4u);
    EXPECT_EQ(h.mode_log2(), 6);
}

TEST(RunningStats, MeanStddevMinMax) {
    RunningStats s;
    for (double v : {2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0}) s.add(v);
    EXPECT_EQ(s.count, 8u);
    EXPECT_DOUBLE_EQ(s.mean, 5.0);
    EXPECT_DOUBLE_EQ(s.min, 2.0);
    EXPECT_DOUBLE_EQ(s.max, 9.0);
    EXPECT_NEAR(s.stddev(), std::sqrt(32.0 / 7.0), 1e-12);
}

TEST(CappedMap, KeysPastTheCapGoToOther) {
    CappedMap<int, uint64_t, 2> m;
    for (int k : {1, 2, 1, 3, 4, 3}) ++m.at(k);
    EXPECT_EQ(m.items.size(), 2u);
    EXPECT_EQ(m.items.at(1), 2u);
    EXPECT_EQ(m.other, 3u);
    EXPECT_EQ(m.other_updates, 3u);
}

}  // namespace
}  // namespace ntpscope::analysis
