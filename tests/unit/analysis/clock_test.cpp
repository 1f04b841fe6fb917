#include <gtest/gtest.h>

#include "core/analysis/clock_tracker.hpp"
#include "core/kabi/timex_names.hpp"
#include "host_events.hpp"

namespace ntpscope::analysis::test {
namespace {

Timex timex(int64_t offset, int64_t freq, int32_t status, uint32_t modes = 0) {
    Timex t;
    t.offset = offset;
    t.freq = freq;
    t.status = status;
    t.modes = modes;
    return t;
}

TEST(ClockDiscipline, OffsetScaleFollowsStaNano) {
    EXPECT_DOUBLE_EQ(timex_offset_seconds(timex(1500, 0, STA_PLL)), 0.0015);
    EXPECT_DOUBLE_EQ(timex_offset_seconds(timex(1'500'000, 0, STA_PLL | STA_NANO)), 0.0015);
    EXPECT_DOUBLE_EQ(timex_freq_ppm(timex(0, 65536 * 25 / 2, 0)), 12.5);
    EXPECT_DOUBLE_EQ(timex_freq_ppm(timex(0, -65536, 0)), -1.0);
}

TEST(ClockDiscipline, CallsModesStatesAndSeries) {
    NtpdHost host;
    for (int i = 0; i < 10; ++i)
        host.feed(clock_adjtime(kStart + i * 16 * kSecond,
                                timex(-200 * (i + 1), 65536 * 3, STA_PLL | STA_NANO,
                                      ADJ_OFFSET | ADJ_STATUS | ADJ_NANO)));
    host.feed(clock_adjtime(kStart + 170 * kSecond, timex(0, 65536 * 3, STA_PLL | STA_UNSYNC),
                            TIME_ERROR));
    Event failed = clock_adjtime(kStart + 180 * kSecond, timex(0, 0, 0, ADJ_FREQUENCY));
    failed.ret = -1;
    failed.err = EPERM;
    host.feed(failed);

    const HostModel m = host.finish(kStart + 200 * kSecond);
    const ClockModel& c = m.clock;
    EXPECT_EQ(c.calls, 12u);
    EXPECT_EQ(c.failed, 1u);
    EXPECT_EQ(c.calls_by_modes.items.at(ADJ_OFFSET | ADJ_STATUS | ADJ_NANO), 10u);
    EXPECT_EQ(c.calls_by_modes.items.at(0), 1u);
    EXPECT_EQ(c.states[static_cast<size_t>(ClockState::ok)], 10u);
    EXPECT_EQ(c.states[static_cast<size_t>(ClockState::error)], 1u);
    EXPECT_EQ(c.status_bits[0], 11u);  // STA_PLL
    EXPECT_EQ(c.status_bits[6], 1u);   // STA_UNSYNC
    EXPECT_EQ(c.status_changes.total(), 2u);
    ASSERT_TRUE(c.last);
    EXPECT_DOUBLE_EQ(c.last->freq, 3.0);
    EXPECT_DOUBLE_EQ(c.offsets.min, -2e-6);
    EXPECT_EQ(c.series.points().size(), 11u);
    EXPECT_DOUBLE_EQ(c.call_intervals.stats.min, 10.0);
}

TEST(ClockDiscipline, StepsBySettimeAndSetoffset) {
    NtpdHost host;
    Event settime;
    settime.t = kStart;
    settime.syscall = Syscall::clock_settime;
    settime.clock = CLOCK_REALTIME;
    settime.set_time = kStart + 2 * kSecond + 500 * kMs;
    host.feed(settime);

    // ADJ_SETOFFSET: the kernel hands back the time after the step (ns under STA_NANO).
    Timex step = timex(0, 0, STA_NANO, ADJ_SETOFFSET | ADJ_NANO);
    const int64_t after = kStart + 60 * kSecond - 250 * kMs;
    step.time_sec = after / kSecond;
    step.time_usec = after % kSecond;
    host.feed(clock_adjtime(kStart + 60 * kSecond, step));

    Event other = settime;
    other.clock = CLOCK_TAI;
    host.feed(other);

    const HostModel m = host.finish(kStart + 100 * kSecond);
    EXPECT_EQ(m.clock.steps, 2u);
    EXPECT_EQ(m.clock.other_clocks, 1u);
    const std::vector<ClockStep> steps = m.clock.step_log.items();
    ASSERT_EQ(steps.size(), 2u);
    EXPECT_EQ(steps[0].syscall, Syscall::clock_settime);
    ASSERT_TRUE(steps[0].amount);
    EXPECT_NEAR(*steps[0].amount, 2.5, 1e-9);
    EXPECT_EQ(steps[1].syscall, Syscall::clock_adjtime);
    ASSERT_TRUE(steps[1].amount);
    EXPECT_NEAR(*steps[1].amount, -0.25, 1e-9);
}

TEST(ClockDiscipline, TimexNames) {
    using kabi::adj_modes_string, kabi::status_string, kabi::status_bit_name;
    EXPECT_EQ(adj_modes_string(0), "read");
    EXPECT_EQ(adj_modes_string(ADJ_OFFSET | ADJ_STATUS | ADJ_NANO), "ADJ_OFFSET|ADJ_STATUS|ADJ_NANO");
    EXPECT_EQ(adj_modes_string(ADJ_OFFSET_SINGLESHOT), "ADJ_OFFSET_SINGLESHOT");
    EXPECT_EQ(adj_modes_string(ADJ_FREQUENCY | 0x40000), "ADJ_FREQUENCY|0x40000");
    EXPECT_EQ(status_string(0), "-");
    EXPECT_EQ(status_string(STA_PLL | STA_UNSYNC | STA_NANO), "PLL|UNSYNC|NANO");
    EXPECT_EQ(status_bit_name(12), "CLOCKERR");
}

}  // namespace
}  // namespace ntpscope::analysis::test
