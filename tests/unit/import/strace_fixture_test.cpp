// The strace importer on real logs (strace 6.1 against NTPsec and chronyd in the lab, recorded
// by tests/fixtures/strace/record-lab-fixtures.sh), on hand-made strace 4.x logs of the seed's
// situation, and on the seed's own excerpt.
#include <gtest/gtest.h>
#include <sys/socket.h>
#include <sys/timex.h>

#include <algorithm>
#include <cstdlib>
#include <ctime>
#include <filesystem>

#include "import_test_support.hpp"

namespace ntpscope::test {
namespace {

constexpr int64_t kSecond = 1'000'000'000;
constexpr int64_t kSeedDate = 1314316800LL * kSecond;  // 2011-08-26 00:00 UTC

std::vector<Event> successful(const RecordingSink& c, Syscall syscall) {
    std::vector<Event> out;
    for (const Event& e : of(c, syscall))
        if (!e.failed()) out.push_back(e);
    return out;
}

size_t count_skipped_warnings(const RecordingSink& c) {
    return static_cast<size_t>(std::count_if(c.warnings.begin(), c.warnings.end(), [](const std::string& w) {
        return w.find("skipped") != std::string::npos;
    }));
}

// NTPsec client 10.206.6.2 / fd06::2 polling 10.206.6.1 and fd06::1 every second or so.
// `resolution`: how finely the log's timestamps tell time (-t: a second).
void expect_ntpsec_client_exchanges(const RecordingSink& c, size_t exchanges, int64_t resolution = 1000) {
    auto sends = successful(c, Syscall::sendto);
    auto replies = successful(c, Syscall::recvmsg);
    ASSERT_EQ(sends.size(), exchanges);
    ASSERT_EQ(replies.size(), exchanges);
    EXPECT_EQ(of(c, Syscall::recvmsg).size(), 2 * exchanges);  // each reply is followed by EAGAIN
    for (const Event& e : sends) {
        EXPECT_EQ(mode_of(e), 3);
        ASSERT_TRUE(e.addr);
        EXPECT_TRUE(e.addr->to_string() == "10.206.6.1:123" || e.addr->to_string() == "[fd06::1]:123")
            << e.addr->to_string();
        EXPECT_EQ(e.len, 48u);
    }
    for (const Event& e : replies) {
        EXPECT_EQ(mode_of(e), 4);
        ASSERT_TRUE(e.rx_time);
        // Stamped on return; the kernel stamped the packet on arrival, a little earlier.
        EXPECT_LT(*e.rx_time, e.t + resolution);
        EXPECT_GT(*e.rx_time, e.t - kSecond / 10);
    }
    for (const Event& e : of(c, Syscall::recvmsg)) {
        if (e.failed()) {
            EXPECT_EQ(e.ret, -EAGAIN);
        }
    }
}

class StraceFixtures : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        setenv("TZ", "UTC", 1);
        tzset();
    }
    TempDir dir;
};

TEST_F(StraceFixtures, NtpsecAttachedWithYyAndHexStrings) {
    // strace -f -tt -T -yy -xx -s 256 -p PID, run inside the client's network namespace.
    auto c = read_file(fixture("strace/ntpsec-attach-f-tt-T-yy-xx.strace"));
    expect_ntpsec_client_exchanges(c, 19);
    for (const Event& e : c.events) {
        ASSERT_TRUE(e.sock);
        EXPECT_TRUE(e.sock->local.to_string() == "10.206.6.2:123" || e.sock->local.to_string() == "[fd06::2]:123");
        EXPECT_EQ(e.sock->type, SOCK_DGRAM);
        EXPECT_EQ(e.data.size(), e.len);  // -s 256: nothing cut
    }
    // Its last line was cut when strace was stopped.
    EXPECT_EQ(count_skipped_warnings(c), 1u);
}

TEST_F(StraceFixtures, NtpsecAttachedFromOutsideTheNamespace) {
    // -yy from another network namespace names the socket inode only.
    auto c = read_file(fixture("strace/ntpsec-attach-stderr-pid-t-yy.strace"));
    expect_ntpsec_client_exchanges(c, 20, kSecond);
    for (const Event& e : c.events) {
        ASSERT_TRUE(e.sock);
        EXPECT_NE(e.sock->id, 0u);
        EXPECT_FALSE(e.sock->local.present());
        EXPECT_EQ(e.pid, 9434u);  // from "strace: Process 9434 attached"
    }
    auto sends = of(c, Syscall::sendto);
    // -t: whole seconds; default -s 32: payloads cut, the mode still there.
    EXPECT_EQ(sends[0].t % kSecond, 0);
    EXPECT_EQ(sends[0].data.size(), 32u);
}

TEST_F(StraceFixtures, NtpsecWithHexDumps) {
    // -ttt -y -x -e read=all -e write=all: the dumps give back what -s 32 cut.
    auto c = read_file(fixture("strace/ntpsec-attach-ttt-y-x-dumps.strace"));
    expect_ntpsec_client_exchanges(c, 20);
    for (const Event& e : c.events) {
        if (!e.failed()) {
            EXPECT_EQ(e.data.size(), 48u);
        }
    }
    EXPECT_TRUE(c.warnings.empty());
}

TEST_F(StraceFixtures, NtpsecRelativeTimesWithComm) {
    // -r -f -Y: "15479<ntpd>      0.000169 ..."; the last line is put at the file's mtime.
    std::string copy = dir.file("r.strace");
    std::filesystem::copy_file(fixture("strace/ntpsec-attach-r-f-Y.strace"), copy);
    const int64_t guess = 1795720200 * kSecond;
    set_mtime(copy, guess);
    auto first = read_file(copy);
    auto reply = std::find_if(first.events.begin(), first.events.end(), [](const Event& e) { return e.rx_time; });
    ASSERT_NE(reply, first.events.end());
    // The mtime that puts the first reply 100 us after its kernel receive time.
    const int64_t shift = *reply->rx_time + 100'000 - reply->t;
    set_mtime(copy, guess + shift);
    auto c = read_file(copy);
    expect_ntpsec_client_exchanges(c, 20);
    ASSERT_EQ(c.events.size(), first.events.size());
    for (size_t i = 0; i < c.events.size(); ++i) {
        EXPECT_EQ(c.events[i].t, first.events[i].t + shift);
        EXPECT_EQ(c.events[i].comm, "ntpd");
    }
}

TEST_F(StraceFixtures, NtpsecStartupWithoutYy) {
    // strace -f -tt -s 64 ntpd ... written to stderr: no prefix until NTPsec's DNS thread starts,
    // sockets named only by socket/bind/fcntl(F_DUPFD) in the log.
    auto c = read_file(fixture("strace/ntpsec-startup-stderr-f-tt-s64.strace"));
    ASSERT_FALSE(c.events.empty());
    EXPECT_EQ(c.events.front().syscall, Syscall::exec);
    EXPECT_EQ(c.events.front().comm, "ntpd");
    for (const Event& e : c.events) EXPECT_EQ(e.pid, 8260u) << syscall_name(e.syscall);
    std::vector<std::string> bound;
    for (const Event& e : successful(c, Syscall::bind))
        if (e.addr) bound.push_back(e.addr->to_string());
    EXPECT_NE(std::find(bound.begin(), bound.end(), "10.206.6.2:123"), bound.end());
    EXPECT_NE(std::find(bound.begin(), bound.end(), "[::]:123"), bound.end());
    size_t ntp_sends = 0;
    for (const Event& e : successful(c, Syscall::sendto)) {
        if (!e.addr || e.addr->port != 123) continue;  // netlink requests
        ++ntp_sends;
        ASSERT_TRUE(e.sock);
        EXPECT_EQ(e.sock->local.port, 123);
        EXPECT_EQ(e.sock->local.family, e.addr->family);
        EXPECT_EQ(mode_of(e), 3);
    }
    EXPECT_EQ(ntp_sends, 19u);
    auto clock = of(c, Syscall::clock_adjtime);
    ASSERT_EQ(clock.size(), 3u);
    EXPECT_EQ(clock[1].timex->modes, uint32_t{ADJ_OFFSET | ADJ_MAXERROR | ADJ_ESTERROR | ADJ_STATUS | ADJ_TIMECONST});
    EXPECT_EQ(clock[1].timex->status, STA_PLL);
    // The clone line that strace's "Process N attached" cut in two.
    EXPECT_EQ(count_skipped_warnings(c), 1u);
}

TEST_F(StraceFixtures, Chronyd) {
    // chronyd -d -x: a connected socket per request, sendmsg without a name, recvmmsg with
    // SO_TIMESTAMPING and IP_PKTINFO, and transmit timestamps read back with MSG_ERRQUEUE.
    auto c = read_file(fixture("strace/chronyd-f-tt-T-yy-xx.strace"));
    auto sends = of(c, Syscall::sendmsg);
    ASSERT_EQ(sends.size(), 10u);
    for (const Event& e : sends) {
        EXPECT_EQ(mode_of(e), 3);
        EXPECT_FALSE(e.addr);
        ASSERT_TRUE(e.sock);
        EXPECT_EQ(e.sock->remote.to_string(), "10.206.6.1:123");
        EXPECT_EQ(e.sock->local.ip_string(), "10.206.6.3");
    }
    size_t replies = 0, error_queue = 0;
    for (const Event& e : successful(c, Syscall::recvmmsg)) {
        EXPECT_TRUE(e.rx_time);
        if (e.flags & MSG_ERRQUEUE) {
            ++error_queue;
            continue;
        }
        ++replies;
        EXPECT_EQ(mode_of(e), 4);
        EXPECT_EQ(e.msg_index, 0u);
        ASSERT_TRUE(e.dst);
        EXPECT_EQ(e.dst->ip_string(), "10.206.6.3");
        EXPECT_EQ(e.addr->to_string(), "10.206.6.1:123");
    }
    EXPECT_EQ(replies, 10u);
    EXPECT_EQ(error_queue, 10u);
    EXPECT_EQ(of(c, Syscall::exit).size(), 1u);
    // chronyd's own log lines, written to the same stderr, are not strace's.
    EXPECT_EQ(count_skipped_warnings(c), 1u);
}

TEST_F(StraceFixtures, SeedExcerpt) {
    // The two lines from the post, "[CUT]" and all.
    ReadOptions options;
    options.date = kSeedDate;
    auto c = read_file(fixture("strace/seed-excerpt-t.strace"), options);
    ASSERT_EQ(c.events.size(), 2u);
    const Event& reply = c.events[0];
    EXPECT_EQ(reply.syscall, Syscall::recvmsg);
    EXPECT_EQ(reply.fd, 22);
    EXPECT_EQ(reply.ret, 68);
    EXPECT_EQ(reply.len, 68u);
    EXPECT_FALSE(reply.addr);  // inet_addr("[CUT]") is no address
    EXPECT_EQ(reply.t, kSeedDate + (11 * 3600 + 47 * 60 + 53) * kSecond);
    EXPECT_EQ(c.events[1].err, EAGAIN);
    EXPECT_EQ(c.events[1].fd, 22);
    EXPECT_TRUE(c.warnings.empty());
}

struct SeedClient {
    RecordingSink c;
    std::vector<Event> group_receives, requests, replies;
};

SeedClient seed_client(const std::string& name) {
    ReadOptions options;
    options.date = kSeedDate;
    SeedClient s{read_file(fixture("strace/" + name), options), {}, {}, {}};
    for (const Event& e : s.c.events) {
        if (e.failed()) continue;
        if (e.syscall == Syscall::recvmsg && e.fd == 23) s.group_receives.push_back(e);
        if (e.syscall == Syscall::sendto) s.requests.push_back(e);
        if (e.syscall == Syscall::recvmsg && e.fd == 22) s.replies.push_back(e);
    }
    return s;
}

TEST_F(StraceFixtures, Strace4GoodMulticastClient) {
    SeedClient good = seed_client("strace4-seed-good-client-t.strace");
    ASSERT_EQ(good.group_receives.size(), 83u);
    for (const Event& e : good.group_receives) {
        EXPECT_EQ(mode_of(e), 5);
        EXPECT_EQ(e.len, 68u);
        EXPECT_EQ(e.data.size(), 32u);  // -s 32
        ASSERT_TRUE(e.sock);
        EXPECT_EQ(e.sock->local.to_string(), "224.0.1.1:123");  // from bind(), no -yy in strace 4
    }
    EXPECT_TRUE(good.requests.empty());
    // The trace runs from 23:50 past midnight.
    EXPECT_EQ(good.c.events.front().t, kSeedDate + (23 * 3600 + 50 * 60) * kSecond);
    EXPECT_GT(good.c.events.back().t, kSeedDate + 86400 * kSecond);
    auto joins = of(good.c, Syscall::setsockopt);
    auto join = std::find_if(joins.begin(), joins.end(), [](const Event& e) { return e.opt && e.opt->group; });
    ASSERT_NE(join, joins.end());
    EXPECT_EQ(join->opt->group->ip_string(), "224.0.1.1");
    auto clock = of(good.c, Syscall::adjtimex);
    ASSERT_EQ(clock.size(), 21u);
    EXPECT_EQ(clock[0].timex->offset, 1820);
    EXPECT_EQ(clock[0].ret, 0);
    EXPECT_TRUE(good.c.warnings.empty());
}

TEST_F(StraceFixtures, Strace4BadMulticastClient) {
    SeedClient bad = seed_client("strace4-seed-bad-client-t.strace");
    EXPECT_EQ(bad.group_receives.size(), 83u);
    ASSERT_EQ(bad.requests.size(), 2u);
    for (const Event& e : bad.requests) {
        EXPECT_EQ(mode_of(e), 3);
        EXPECT_EQ(e.fd, 23);
        EXPECT_EQ(e.addr->to_string(), "10.1.1.51:123");
    }
    EXPECT_EQ(bad.requests[1].t - bad.requests[0].t, 1024 * kSecond);
    ASSERT_EQ(bad.replies.size(), 2u);
    for (const Event& e : bad.replies) {
        EXPECT_EQ(mode_of(e), 4);
        EXPECT_EQ(e.sock->local.to_string(), "10.1.1.10:123");
    }
    // The last line was cut short.
    ASSERT_EQ(count_skipped_warnings(bad.c), 1u);
    EXPECT_NE(bad.c.warnings[0].find("1 line skipped: first at line 205"), std::string::npos);
}

TEST_F(StraceFixtures, Strace4Threads) {
    ReadOptions options;
    options.date = kSeedDate;
    auto c = read_file(fixture("strace/strace4-threads-f-tt.strace"), options);
    for (const Event& e : c.events) EXPECT_EQ(e.pid, 4242u);
    auto sends = of(c, Syscall::sendto);
    ASSERT_EQ(sends.size(), 2u);
    EXPECT_EQ(sends[0].tid, 4243u);
    EXPECT_EQ(sends[0].ret, 68);
    EXPECT_EQ(sends[0].sock->remote.to_string(), "10.1.1.51:123");
    EXPECT_EQ(sends[1].err, ENETUNREACH);
    auto receives = of(c, Syscall::recvmsg);
    ASSERT_EQ(receives.size(), 2u);
    EXPECT_EQ(receives[0].addr->to_string(), "[fd00::51]:123");
    EXPECT_EQ(receives[0].sock->local.to_string(), "[::]:123");
    EXPECT_EQ(mode_of(receives[0]), 4);
    auto adj = of(c, Syscall::adjtimex);
    ASSERT_EQ(adj.size(), 1u);
    EXPECT_EQ(adj[0].timex->modes, uint32_t{ADJ_OFFSET_SINGLESHOT});
    EXPECT_EQ(adj[0].ret, 5);
    EXPECT_EQ(of(c, Syscall::settimeofday).at(0).set_time, 1314359274 * kSecond);
    EXPECT_EQ(of(c, Syscall::clock_settime).at(0).set_time, 1314359274 * kSecond + 500'000'000);
    auto exits = of(c, Syscall::exit);
    ASSERT_EQ(exits.size(), 1u);  // the thread's end is not reported as the process's
    EXPECT_EQ(exits[0].ret, 128 + 15);
    EXPECT_TRUE(c.warnings.empty());
}

}  // namespace
}  // namespace ntpscope::test
