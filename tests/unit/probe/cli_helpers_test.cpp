#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>

#include "app/duration.hpp"
#include "app/record_plan.hpp"
#include "app/target_selection.hpp"
#include "probe/procfs.hpp"

using namespace ntpscope;
using std::chrono::seconds;

TEST(Duration, AcceptsTheDocumentedUnits) {
    EXPECT_EQ(app::parse_duration("90s"), seconds(90));
    EXPECT_EQ(app::parse_duration("30m"), seconds(1800));
    EXPECT_EQ(app::parse_duration("6h"), seconds(21600));
    EXPECT_EQ(app::parse_duration("1d"), seconds(86400));
    EXPECT_EQ(app::parse_duration("45"), seconds(45));
    EXPECT_EQ(app::parse_duration("500ms"), std::chrono::milliseconds(500));
    EXPECT_EQ(app::parse_duration("1.5m"), seconds(90));
}

TEST(Duration, RejectsNonsense) {
    for (const char* bad : {"", "s", "-5s", "0s", "5x", "5 s", "five"}) EXPECT_FALSE(app::parse_duration(bad)) << bad;
}

TEST(Duration, RefusesWhatWouldOverflowOrEndAtOnce) {
    // Each of these once ended a recording at once with exit 0.
    for (const char* bad : {"inf", "nan", "infs", "106752d", "9223372037s", "1e300", "0.0000000001s", "0.5ms"})
        EXPECT_FALSE(app::parse_duration(bad)) << bad;
    EXPECT_EQ(app::parse_duration("1ms"), std::chrono::milliseconds(1));
    EXPECT_EQ(app::parse_duration("3650d"), std::chrono::hours(24 * 3650));
}

TEST(TargetSelection, PicksTheOnlyDaemonAndExplainsOtherwise) {
    TargetInfo a{.pid = 10, .comm = "ntpd", .exe = "", .cmdline = "ntpd -n -c /etc/ntp.conf", .netns = 4026531840,
                 .config = "/etc/ntp.conf"};
    TargetInfo b = a;
    b.pid = 20;
    b.cmdline = "chronyd -d";
    EXPECT_EQ(app::choose_daemon({a}, false), std::vector<uint32_t>{10});
    try {
        app::choose_daemon({a, b}, false);
        FAIL() << "two daemons must not be chosen silently";
    } catch (const std::runtime_error& e) {
        std::string msg = e.what();
        EXPECT_NE(msg.find("chronyd -d"), std::string::npos);
        EXPECT_NE(msg.find("4026531840"), std::string::npos);
        EXPECT_NE(msg.find("--pid"), std::string::npos);
    }
    EXPECT_THROW(app::choose_daemon({}, false), std::runtime_error);
}

TEST(Procfs, FindsTheConfigFileOnADaemonsCommandLine) {
    EXPECT_EQ(probe::config_from_cmdline({"ntpd", "-n", "-c", "/etc/ntpsec/ntp.conf"}), "/etc/ntpsec/ntp.conf");
    EXPECT_EQ(probe::config_from_cmdline({"chronyd", "-f", "/etc/chrony.conf", "-d"}), "/etc/chrony.conf");
    EXPECT_EQ(probe::config_from_cmdline({"ntpd", "--configfile=/x.conf"}), "/x.conf");
    EXPECT_EQ(probe::config_from_cmdline({"ntpd", "-c/y.conf"}), "/y.conf");
    EXPECT_EQ(probe::config_from_cmdline({"ntpd", "-n"}), "");
}

TEST(Procfs, ReadsItsOwnProcessAndSockets) {
    auto self = probe::read_target(static_cast<uint32_t>(getpid()));
    ASSERT_TRUE(self);
    EXPECT_EQ(self->comm, "probe_test");
    EXPECT_NE(self->netns, 0u);
    EXPECT_FALSE(probe::read_target(0x7ffffff0));
}

TEST(Procfs, FindsChildrenOfAProcess) {
    pid_t child = fork();
    if (child == 0) {
        pause();
        _exit(0);
    }
    auto kids = probe::descendants(static_cast<uint32_t>(getpid()));
    kill(child, SIGKILL);
    waitpid(child, nullptr, 0);
    EXPECT_NE(std::find(kids.begin(), kids.end(), static_cast<uint32_t>(child)), kids.end());
}

TEST(RecordPlan, RefusesRingsAndSnaplensOutsideTheProbesLimits) {
    const auto error_of = [](app::RecordRequest request) -> std::string {
        request.pids = {static_cast<uint32_t>(getpid())};
        try {
            app::plan_record(request);
        } catch (const std::runtime_error& e) {
            return e.what();
        }
        return "";
    };
    app::RecordRequest request;
    EXPECT_EQ(error_of(request), "");
    request.ring_kib = 1024 * 1024;  // 1 GiB
    EXPECT_EQ(error_of(request), "--ring-kib 1048576: a power of two between 4 and 262144");
    request.ring_kib = 3000;
    EXPECT_EQ(error_of(request), "--ring-kib 3000: a power of two between 4 and 262144");
    request = {};
    request.snaplen = 0;
    EXPECT_EQ(error_of(request), "--snaplen 0: between 1 and 1024");
    request.snaplen = 1025;
    EXPECT_EQ(error_of(request), "--snaplen 1025: between 1 and 1024");
    request = {};
    request.duration = "inf";
    EXPECT_NE(error_of(request).find("--duration 'inf'"), std::string::npos);
}

