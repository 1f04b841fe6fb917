#include <gtest/gtest.h>

#include "host_events.hpp"

namespace ntpscope::analysis::test {
namespace {

const SockAddr kServer = v4("10.0.0.51:123");

TEST(Polling, StartupVolleyIsCountedApartFromSteadyPolling) {
    NtpdHost host;
    for (int i = 0; i < 8; ++i) host.poll(kServer, kStart + i * 2 * kSecond);
    const int64_t steady_start = kStart + 14 * kSecond + 64 * kSecond;
    for (int i = 0; i < 10; ++i) host.poll(kServer, steady_start + i * 64 * kSecond);
    const HostModel m = host.finish(steady_start + 10 * 64 * kSecond);
    const Polling& polling = m.peers.at(0).polling;

    EXPECT_EQ(polling.startup_volleys, 1u);
    EXPECT_EQ(polling.bursts, 1u);
    EXPECT_EQ(polling.burst_requests, 8u);
    ASSERT_EQ(polling.burst_log.total(), 1u);
    EXPECT_EQ(polling.burst_log.items()[0].requests, 8u);
    EXPECT_TRUE(polling.burst_log.items()[0].startup);
    // The gap after the volley and the 9 between steady polls: all 64 s.
    EXPECT_EQ(polling.steady.stats.count, 10u);
    EXPECT_DOUBLE_EQ(polling.steady.stats.mean, 64.0);
    EXPECT_EQ(polling.steady.histogram.mode_log2(), 6);
    EXPECT_EQ(m.peers.at(0).measured_interval, 64.0);
}

TEST(Polling, FastSteadyPollingIsNotAVolley) {
    NtpdHost host;  // minpoll 1: a request every 2 s for a minute
    for (int i = 0; i < 30; ++i) host.poll(kServer, kStart + i * 2 * kSecond, true, 1);
    const HostModel m = host.finish(kStart + 61 * kSecond);
    const Polling& polling = m.peers.at(0).polling;
    EXPECT_EQ(polling.bursts, 0u);
    EXPECT_EQ(polling.steady.stats.count, 29u);
    EXPECT_DOUBLE_EQ(polling.steady.stats.mean, 2.0);
}

TEST(Polling, IburstAtMinpollZeroIsSteadyPolling) {
    NtpdHost host;  // NTPsec with minpoll 0 maxpoll 0: requests 2 s apart with poll field 0
    for (int i = 0; i < 12; ++i) host.poll(kServer, kStart + i * 2 * kSecond, true, 0);
    const HostModel m = host.finish(kStart + 25 * kSecond);
    const Polling& polling = m.peers.at(0).polling;
    EXPECT_EQ(polling.bursts, 0u);
    EXPECT_EQ(polling.steady.stats.count, 11u);
    EXPECT_FALSE(m.has_note(NoteCode::short_trace));
}

TEST(Polling, RestartStartsANewVolleyAndDropsTheGap) {
    NtpdHost host;
    for (int i = 0; i < 8; ++i) host.poll(kServer, kStart + i * 2 * kSecond);
    for (int i = 1; i <= 3; ++i) host.poll(kServer, kStart + 14 * kSecond + i * 64 * kSecond);
    Event exec;
    exec.t = kStart + 300 * kSecond;
    exec.syscall = Syscall::exec;
    exec.pid = 200;
    exec.comm = "ntpd";
    host.feed(exec);
    const int64_t again = kStart + 310 * kSecond;
    for (int i = 0; i < 8; ++i) host.poll(kServer, again + i * 2 * kSecond);
    const HostModel m = host.finish(again + 20 * kSecond);
    const Polling& polling = m.peers.at(0).polling;
    EXPECT_EQ(polling.startup_volleys, 2u);
    EXPECT_EQ(polling.steady.stats.count, 3u);
    EXPECT_DOUBLE_EQ(polling.steady.stats.max, 64.0);
    EXPECT_EQ(m.meta.processes.total(), 1u);
}

TEST(Polling, PollFieldHistoryIsKeptAsRuns) {
    NtpdHost host;
    int64_t t = kStart;
    for (int i = 0; i < 5; ++i, t += 64 * kSecond) host.poll(kServer, t, true, 6);
    for (int i = 0; i < 3; ++i, t += 128 * kSecond) host.poll(kServer, t, true, 7);
    for (int i = 0; i < 2; ++i, t += 1024 * kSecond) host.poll(kServer, t, true, 10);
    const HostModel m = host.finish(t);
    const PeerModel& p = m.peers.at(0);
    const std::vector<PollRun> runs = p.polling.sent_poll.items();
    ASSERT_EQ(runs.size(), 3u);
    EXPECT_EQ(runs[0].poll, 6);
    EXPECT_EQ(runs[0].packets, 5u);
    EXPECT_EQ(runs[1].poll, 7);
    EXPECT_EQ(runs[1].packets, 3u);
    EXPECT_EQ(runs[2].poll, 10);
    EXPECT_EQ(runs[2].first_t, kStart + 5 * 64 * kSecond + 3 * 128 * kSecond);
    EXPECT_EQ(p.poll_log2, 10);
}

TEST(Polling, WhenIsTimeSinceLastPacketFromThePeer) {
    NtpdHost host;
    host.poll(kServer, kStart);
    const Reply r{.t1 = kStart};
    const HostModel m = host.finish(r.t4() + 30 * kSecond);
    ASSERT_TRUE(m.peers.at(0).when);
    EXPECT_NEAR(*m.peers.at(0).when, 30.0, 1e-9);
}

TEST(Polling, MulticastReachCountsIntervalsWithoutAPacket) {
    NtpdHost host;
    const SockInfo group = udp(v4("224.0.1.1:123"), {}, 23);
    auto packet = [&](int64_t t) {
        host.feed(receive_from(t, 23, group, kServer,
                               PacketBuilder().mode(5).poll(6).transmit(ts(t)).bytes(), t));
    };
    for (int i = 0; i < 10; ++i) packet(kStart + i * 64 * kSecond);
    packet(kStart + 12 * 64 * kSecond);  // two packets missed
    const HostModel m = host.finish(kStart + 12 * 64 * kSecond + 10 * kSecond);
    EXPECT_EQ(m.peers.at(0).reach, 0371);
    EXPECT_EQ(m.peers.at(0).polling.received.stats.count, 10u);

    NtpdHost quiet;  // the same, then silence for 3 intervals before the end
    quiet.feed(receive_from(kStart, 23, group, kServer,
                            PacketBuilder().mode(5).poll(6).transmit(ts(kStart)).bytes()));
    EXPECT_EQ(quiet.finish(kStart + 4 * 64 * kSecond).peers.at(0).reach, 010);
}

}  // namespace
}  // namespace ntpscope::analysis::test
