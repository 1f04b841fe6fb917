// Where a -t/-tt strace log's date comes from: --date, else the kernel timestamps the log
// carries, else the file's mtime. Every file's mtime is set here, far from the stamps' day, so
// that nothing depends on the day the tests run.
#include <gtest/gtest.h>

#include <cstdlib>
#include <ctime>
#include <filesystem>

#include "core/import/strace/date.hpp"
#include "core/import/strace/import.hpp"
#include "import_test_support.hpp"

namespace ntpscope::test {
namespace {

constexpr int64_t kSecond = 1'000'000'000;
constexpr int64_t kDay = 86400 * kSecond;
constexpr int64_t kDate = 1314316800LL * kSecond;   // 2011-08-26 00:00:00 UTC
constexpr int64_t kElsewhen = kDate + 1830 * kDay;  // five years later: a copy read much later

// A reply read at `time_of_day` whose kernel receive stamp is `stamp_s` (s since the epoch).
std::string reply_line(const std::string& time_of_day, int64_t stamp_s) {
    return time_of_day +
           " recvmsg(3, {msg_name={sa_family=AF_INET, sin_port=htons(123), sin_addr=inet_addr(\"10.1.1.51\")}, "
           "msg_namelen=16, msg_iov=[{iov_base=\"\\x24\", iov_len=48}], msg_iovlen=1, msg_control=[{cmsg_len=32, "
           "cmsg_level=SOL_SOCKET, cmsg_type=SO_TIMESTAMPNS_OLD, cmsg_data={tv_sec=" +
           std::to_string(stamp_s) + ", tv_nsec=5189377}}], msg_controllen=32, msg_flags=0}, 0) = 1\n";
}

class StraceDate : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        setenv("TZ", "UTC", 1);
        tzset();
    }

    RecordingSink import(const std::string& text, ReadOptions options = {}) {
        std::string path = dir.write("log.strace", text);
        set_mtime(path, kElsewhen);
        RecordingSink c;
        import::strace::read_strace(path, c, options);
        return c;
    }

    TempDir dir;
};

TEST_F(StraceDate, ReceiveStampsGiveTheDateOfALogReadYearsLater) {
    const int64_t stamp = kDate / kSecond + 11 * 3600 + 47 * 60 + 53;
    auto c = import("11:47:50 socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP) = 3\n" + reply_line("11:47:53", stamp));
    ASSERT_EQ(c.events.size(), 2u);
    EXPECT_EQ(c.events[0].t, kDate + (11 * 3600 + 47 * 60 + 50) * kSecond);
    ASSERT_TRUE(c.events[1].rx_time);
    EXPECT_LT(*c.events[1].rx_time - c.events[1].t, kSecond);
    EXPECT_EQ(c.header->date_from, "the kernel timestamps in the log");
}

TEST_F(StraceDate, AStampAfterMidnightDatesTheLineBeforeIt) {
    // The log starts on the 26th; its only stamp is read after midnight, on the 27th.
    const int64_t stamp = (kDate + kDay) / kSecond + 5;
    auto c = import("23:59:50 socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP) = 3\n" + reply_line("00:00:05.500000", stamp));
    ASSERT_EQ(c.events.size(), 2u);
    EXPECT_EQ(c.events[0].t, kDate + (86400 - 10) * kSecond);
    EXPECT_EQ(c.events[1].t, kDate + kDay + 5500 * kSecond / 1000);
}

TEST_F(StraceDate, AStampJustBeforeMidnightReadJustAfterIt) {
    // Stamped 23:59:59.9 on the 26th, read at 00:00:00.1 on the 27th: the stamp's own day is
    // not the line's; the nearest midnight is.
    const int64_t stamp = (kDate + kDay) / kSecond - 1;
    auto c = import(reply_line("00:00:00.100000", stamp));
    ASSERT_EQ(c.events.size(), 1u);
    EXPECT_EQ(c.events[0].t, kDate + kDay + kSecond / 10);
}

TEST_F(StraceDate, AdjtimexTimeGivesTheDate) {
    auto c = import("19:07:12.824560 clock_adjtime(CLOCK_REALTIME, {modes=0, offset=0, freq=0, maxerror=1516, "
                    "esterror=16, status=STA_PLL, constant=4, precision=1, tolerance=32768000, time={tv_sec=" +
                    std::to_string(kDate / kSecond + 19 * 3600 + 7 * 60 + 12) +
                    ", tv_usec=824573}, tick=10000, ppsfreq=0, jitter=0, shift=0, stabil=0, jitcnt=0, calcnt=0, "
                    "errcnt=0, stbcnt=0, tai=0}) = 0 (TIME_OK)\n");
    ASSERT_EQ(c.events.size(), 1u);
    EXPECT_EQ(c.events[0].t, kDate + (19 * 3600 + 7 * 60 + 12) * kSecond + 824560000);
}

TEST_F(StraceDate, DateOptionWinsOverStamps) {
    ReadOptions options;
    options.date = kDate + 3 * kDay;
    auto c = import(reply_line("11:47:53", kDate / kSecond + 11 * 3600), options);
    ASSERT_EQ(c.events.size(), 1u);
    EXPECT_EQ(c.events[0].t, kDate + 3 * kDay + (11 * 3600 + 47 * 60 + 53) * kSecond);
    EXPECT_EQ(c.header->date_from, "given with --date");
}

TEST_F(StraceDate, WithoutStampsTheMtimeDatesItAndSaysSo) {
    auto c = import("11:47:50 socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP) = 3\n");
    ASSERT_EQ(c.events.size(), 1u);
    // Written at or before the mtime, midnight: the line's 11:47 was the day before.
    EXPECT_EQ(c.events[0].t, kElsewhen - kDay + (11 * 3600 + 47 * 60 + 50) * kSecond);
    EXPECT_EQ(c.header->date_from, "the file's mtime: pass --date if wrong");
}

TEST_F(StraceDate, MostStampsWin) {
    import::strace::DateFinder finder;
    const int64_t tod = 3600 * kSecond;
    finder.feed(import::strace::TimeKind::time_of_day, tod, "clock_adjtime(CLOCK_REALTIME, {time={tv_sec=1}}) = 0");
    for (int i = 0; i < 3; ++i)
        finder.feed(import::strace::TimeKind::time_of_day, tod,
                    "recvmsg(3, {msg_control=[{cmsg_type=SO_TIMESTAMP_OLD, cmsg_data={tv_sec=" +
                        std::to_string((kDate + tod) / kSecond) + ", tv_usec=1}}]}, 0) = 48");
    EXPECT_EQ(finder.first_midnight(), kDate);
}

TEST_F(StraceDate, AStampWithNoTimeInNanosecondsVotesForNothing) {
    // Found by the strace_file fuzzer: tv_sec * 1e9 overflowed and voted for a made-up date.
    import::strace::DateFinder finder;
    const int64_t tod = 3600 * kSecond;
    EXPECT_FALSE(finder.feed(import::strace::TimeKind::time_of_day, tod,
                             "clock_adjtime(CLOCK_REALTIME, {time={tv_sec=17957200519}}) = 0"));
    EXPECT_EQ(finder.first_midnight(), std::nullopt);
    EXPECT_TRUE(finder.feed(import::strace::TimeKind::time_of_day, tod,
                            "clock_adjtime(CLOCK_REALTIME, {time={tv_sec=" + std::to_string((kDate + tod) / kSecond) +
                                "}}) = 0"));
    EXPECT_EQ(finder.first_midnight(), kDate);
}

TEST_F(StraceDate, EpochAndRelativeLogsNeedNoDate) {
    auto c = import("1314359273.745092 socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP) = 3\n");
    ASSERT_EQ(c.events.size(), 1u);
    EXPECT_EQ(c.header->date_from, "");
}

TEST_F(StraceDate, LabFixtureMovedToAnotherDayKeepsItsOwnDate) {
    // strace -f -tt of NTPsec in the lab on 2026-11-26, its copy's mtime five years off.
    std::string copy = dir.file("moved.strace");
    std::filesystem::copy_file(std::string(NTPSCOPE_FIXTURES) + "/strace/ntpsec-attach-f-tt-T-yy-xx.strace", copy);
    set_mtime(copy, kElsewhen);
    RecordingSink c;
    import::strace::read_strace(copy, c, {});
    size_t replies = 0;
    for (const Event& e : c.events) {
        if (!e.rx_time) continue;
        ++replies;
        EXPECT_LT(*e.rx_time, e.t);
        EXPECT_GT(*e.rx_time, e.t - kSecond / 10);
    }
    EXPECT_EQ(replies, 19u);
}

}  // namespace
}  // namespace ntpscope::test
