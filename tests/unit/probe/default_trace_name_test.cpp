#include <gtest/gtest.h>

#include <chrono>

#include "app/default_trace_name.hpp"

using namespace ntpscope;
using namespace std::chrono;

namespace {

// 2026-12-06 19:30:05 UTC, whatever the machine's date or time zone.
const system_clock::time_point kStart = sys_days{year{2026} / December / 6} + hours(19) + minutes(30) + seconds(5);

}  // namespace

TEST(DefaultTraceName, HostThenStartTimeInUtc) {
    EXPECT_EQ(app::default_trace_name("ntp1.example.org", kStart), "ntpscope-ntp1.example.org-20261206T193005Z.trace");
}

TEST(DefaultTraceName, SortsByStartTime) {
    EXPECT_LT(app::default_trace_name("h", kStart), app::default_trace_name("h", kStart + seconds(1)));
    EXPECT_LT(app::default_trace_name("h", kStart + hours(4)), app::default_trace_name("h", kStart + days(1)));
}

TEST(DefaultTraceName, NoSeparatorShellCharacterOrControlFromTheHostName) {
    EXPECT_EQ(app::default_trace_name("a/b c$d\n\x1b", kStart), "ntpscope-a_b_c_d__-20261206T193005Z.trace");
    EXPECT_EQ(app::default_trace_name("", kStart), "ntpscope-host-20261206T193005Z.trace");
}

TEST(DefaultTraceName, ThisHostNow) {
    const std::string name = app::default_trace_name();
    ASSERT_GT(name.size(), std::string("ntpscope--20261206T193005Z.trace").size());
    EXPECT_EQ(name.rfind("ntpscope-", 0), 0u) << name;
    EXPECT_EQ(name.substr(name.size() - 6), ".trace") << name;
    EXPECT_EQ(name.find('/'), std::string::npos) << name;
}
