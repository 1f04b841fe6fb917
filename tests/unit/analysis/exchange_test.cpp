#include <gtest/gtest.h>

#include "host_events.hpp"

namespace ntpscope::analysis::test {
namespace {

const SockAddr kServer = v4("10.0.0.51:123");

TEST(Exchange, RepliesMatchRequestsByOriginTimestamp) {
    NtpdHost host;
    // 10 polls, the 3rd, 5th and 6th unanswered.
    for (int i = 0; i < 10; ++i)
        host.poll(kServer, kStart + i * 64 * kSecond, i != 2 && i != 4 && i != 5);
    // A reply whose origin matches no request, and a second copy of the last reply.
    Reply stray{.t1 = kStart + 7 * kSecond};
    host.feed(receive_from(kStart + 700 * kSecond, 22, host.iface, kServer, stray.packet().bytes()));
    Reply last{.t1 = kStart + 9 * 64 * kSecond};
    host.feed(receive_from(last.t4() + kMs, 22, host.iface, kServer, last.packet().bytes()));

    const HostModel m = host.finish(kStart + 700 * kSecond);
    const PeerModel& p = m.peers.at(0);
    EXPECT_EQ(p.outbound.requests, 10u);
    EXPECT_EQ(p.outbound.answered, 7u);
    EXPECT_EQ(p.outbound.unanswered, 3u);
    EXPECT_EQ(p.outbound.awaiting_at_end, 0u);
    EXPECT_EQ(p.outbound.unmatched_replies, 1u);
    EXPECT_EQ(p.outbound.duplicate_replies, 1u);
    EXPECT_EQ(p.example(PeerExample::unanswered_request).total(), 3u);
    EXPECT_EQ(p.example(PeerExample::unanswered_request).items().front().t, kStart + 2 * 64 * kSecond);
    EXPECT_EQ(p.example(PeerExample::unmatched_reply).total(), 1u);
}

TEST(Exchange, RequestJustBeforeTheEndIsAwaitedNotUnanswered) {
    NtpdHost host;
    host.poll(kServer, kStart);
    host.poll(kServer, kStart + 64 * kSecond, false);
    const HostModel m = host.finish(kStart + 66 * kSecond);
    const PeerModel& p = m.peers.at(0);
    EXPECT_EQ(p.outbound.unanswered, 0u);
    EXPECT_EQ(p.outbound.awaiting_at_end, 1u);
}

TEST(Exchange, ReachIsTheLastEightPollsNewestInBitZero) {
    NtpdHost host;
    for (int i = 0; i < 8; ++i) host.poll(kServer, kStart + i * 64 * kSecond);
    host.poll(kServer, kStart + 8 * 64 * kSecond, false);
    host.poll(kServer, kStart + 9 * 64 * kSecond, false);
    host.poll(kServer, kStart + 10 * 64 * kSecond, true);
    const HostModel m = host.finish(kStart + 11 * 64 * kSecond);
    const PeerModel& p = m.peers.at(0);
    EXPECT_EQ(p.reach, 0371);  // 11 111 001: answered, missed, missed, then answered x5
}

TEST(Exchange, ReachAfterFirstThreePolls) {
    NtpdHost host;
    for (int i = 0; i < 3; ++i) host.poll(kServer, kStart + i * 64 * kSecond);
    EXPECT_EQ(host.finish(kStart + 3 * 64 * kSecond).peers.at(0).reach, 07);
}

TEST(Exchange, OffsetAndDelayUseKernelReceiveTimeAsT4) {
    NtpdHost host;
    Reply r{.t1 = kStart, .server_offset = 5 * kMs, .delay_out = 10 * kMs, .delay_back = 10 * kMs,
            .processing = 1 * kMs};
    host.feed(send_to(r.t1, 22, host.iface, kServer, request(r.t1)));
    // The daemon reads the reply 3 ms after the kernel stamped it.
    host.feed(receive_from(r.t4() + 3 * kMs, 22, host.iface, kServer, r.packet().bytes(), r.t4()));
    const HostModel m = host.finish(kStart + 10 * kSecond);
    const PeerModel& p = m.peers.at(0);
    ASSERT_EQ(p.timing.samples, 1u);
    EXPECT_NEAR(p.timing.offset, 0.005, 1e-8);
    EXPECT_NEAR(p.timing.delay, 0.020, 1e-8);
}

TEST(Exchange, WithoutKernelTimestampT4IsTheEventTime) {
    NtpdHost host;
    Reply r{.t1 = kStart, .server_offset = 5 * kMs};
    host.feed(send_to(r.t1, 22, host.iface, kServer, request(r.t1)));
    host.feed(receive_from(r.t4() + 3 * kMs, 22, host.iface, kServer, r.packet().bytes()));
    const HostModel m = host.finish(kStart + 10 * kSecond);
    const PeerModel& p = m.peers.at(0);
    EXPECT_NEAR(p.timing.offset, 0.005 - 0.0015, 1e-8);
    EXPECT_NEAR(p.timing.delay, 0.020 + 0.003, 1e-8);
}

TEST(Exchange, RandomisedTransmitTimestampFallsBackToSendTime) {
    NtpdHost host;
    const int64_t t1 = kStart;
    const ntp::Timestamp random{0x12345678, 0x9abcdef0};  // chronyd hides T1 like this
    host.feed(send_to(t1, 22, host.iface, kServer, PacketBuilder().mode(3).transmit(random).bytes()));
    Reply r{.t1 = t1, .server_offset = -2 * kMs};
    host.feed(receive_from(r.t4(), 22, host.iface, kServer, r.packet().origin(random).bytes(), r.t4()));
    const HostModel m = host.finish(kStart + 10 * kSecond);
    const PeerModel& p = m.peers.at(0);
    EXPECT_EQ(p.outbound.answered, 1u);
    EXPECT_EQ(p.timing.t1_from_event, 1u);
    EXPECT_NEAR(p.timing.offset, -0.002, 1e-8);
}

TEST(Exchange, ClockFilterShowsTheLowestDelaySampleAndItsJitter) {
    NtpdHost host;
    // offset (us), one-way delay (ms): the third sample has the lowest delay.
    const int64_t offsets_us[] = {1000, 3000, 2000, 3000};
    const int64_t delays_ms[] = {10, 12, 4, 11};
    for (int i = 0; i < 4; ++i) {
        Reply r{.t1 = kStart + i * 64 * kSecond, .server_offset = offsets_us[i] * kUs,
                .delay_out = delays_ms[i] * kMs, .delay_back = delays_ms[i] * kMs};
        host.feed(send_to(r.t1, 22, host.iface, kServer, request(r.t1)));
        host.feed(receive_from(r.t4(), 22, host.iface, kServer, r.packet().bytes(), r.t4()));
    }
    const HostModel m = host.finish(kStart + 300 * kSecond);
    const PeerModel& p = m.peers.at(0);
    EXPECT_NEAR(p.timing.offset, 0.002, 1e-8);
    EXPECT_NEAR(p.timing.delay, 0.008, 1e-8);
    // Differences from the chosen 2 ms: 1, 1, 0, 1 ms -> sqrt(3/3) ms.
    EXPECT_NEAR(p.timing.jitter, 1e-3, 1e-8);
    EXPECT_NEAR(p.timing.offsets.mean, 0.00225, 1e-8);
    EXPECT_EQ(p.timing.series.points().size(), 4u);
}

TEST(Exchange, KernelTransmitTimestampReadBackIsT1) {
    NtpdHost host;
    const SockInfo sock = udp(v4("10.0.0.2:40000"), kServer, 77);
    const ntp::Timestamp random{0x87bb9c43, 0xe852f9e6};
    const int64_t kernel_tx = kStart;       // when the packet really left
    const int64_t call_end = kStart + 60 * kUs;  // sendmsg returned later
    host.feed(datagram(Syscall::sendmsg, call_end, 5, sock, std::nullopt,
                       PacketBuilder().mode(3).poll(0).transmit(random).bytes()));
    // chronyd reads the copy back from the error queue: headers + packet, PKTINFO = the server.
    Event copy = datagram(Syscall::recvmmsg, call_end + 10 * kUs, 5, sock, std::nullopt,
                          std::vector<uint8_t>(90, 0));
    copy.dst = v4("10.0.0.51:0");
    copy.rx_time = kernel_tx;
    host.feed(copy);
    Reply r{.t1 = kernel_tx, .server_offset = 1 * kMs};
    Event reply = datagram(Syscall::recvmmsg, r.t4(), 5, sock, kServer, r.packet().origin(random).bytes());
    reply.rx_time = r.t4();
    reply.dst = v4("10.0.0.2:0");
    host.feed(reply);

    const HostModel m = host.finish(kStart + 10 * kSecond);
    const PeerModel& p = m.peers.at(0);
    EXPECT_EQ(p.timing.t1_from_tx_timestamp, 1u);
    EXPECT_NEAR(p.timing.offset, 0.001, 1e-8);
    EXPECT_NEAR(p.timing.delay, 0.020, 1e-8);
    EXPECT_EQ(p.packets.all.received, 1u);  // the copy is not a packet from the server
    ASSERT_EQ(m.sockets.size(), 1u);
    EXPECT_EQ(m.sockets[0].sent_copies, 1u);
    EXPECT_EQ(m.sockets[0].received, 1u);
    EXPECT_EQ(m.sockets[0].not_ntp, 0u);
}

TEST(Exchange, KissOfDeathRateIsCountedAndDoesNotReach) {
    NtpdHost host;
    host.poll(kServer, kStart);
    const int64_t t1 = kStart + 64 * kSecond;
    host.feed(send_to(t1, 22, host.iface, kServer, request(t1)));
    Reply r{.t1 = t1};
    host.feed(receive_from(r.t4(), 22, host.iface, kServer,
                           r.packet().stratum(0).refid("RATE").bytes(), r.t4()));
    const HostModel m = host.finish(kStart + 100 * kSecond);
    const PeerModel& p = m.peers.at(0);
    ASSERT_EQ(p.kiss_codes.items.count("RATE"), 1u);
    EXPECT_EQ(p.kiss_codes.items.at("RATE"), 1u);
    EXPECT_EQ(p.example(PeerExample::kiss_of_death).total(), 1u);
    EXPECT_EQ(p.outbound.answered, 2u);
    EXPECT_EQ(p.reach, 02);  // the KoD answered the newest poll, but it does not count
    EXPECT_EQ(p.timing.samples, 1u);
}

TEST(Exchange, MacKeyIdsAndCryptoNakAreCounted) {
    NtpdHost host;
    for (int i = 0; i < 3; ++i) {
        const int64_t t1 = kStart + i * 64 * kSecond;
        host.feed(send_to(t1, 22, host.iface, kServer,
                          PacketBuilder().mode(3).transmit(ts(t1)).mac(3, 16).bytes()));
        Reply r{.t1 = t1};
        auto reply = r.packet();
        if (i < 2) reply.mac(3, 16);
        else reply.mac(0, 0);  // crypto-NAK: the key id alone
        host.feed(receive_from(r.t4(), 22, host.iface, kServer, reply.bytes(), r.t4()));
    }
    const HostModel m = host.finish(kStart + 200 * kSecond);
    const PeerModel& p = m.peers.at(0);
    EXPECT_EQ(p.auth.mac.sent, 3u);
    EXPECT_EQ(p.auth.mac.received, 2u);
    EXPECT_EQ(p.auth.crypto_nak.received, 1u);
    EXPECT_EQ(p.auth.digest_len, 16);
    EXPECT_EQ(p.packets.by_key_id.items.at(3).sent, 3u);
    EXPECT_EQ(p.packets.by_key_id.items.at(3).received, 2u);
    EXPECT_EQ(p.packets.by_key_id.items.at(0).received, 1u);
    EXPECT_EQ(p.packets.by_length.items.at(68).sent, 3u);
    EXPECT_EQ(p.packets.by_length.items.at(52).received, 1u);
    EXPECT_EQ(p.example(PeerExample::crypto_nak).total(), 1u);
    EXPECT_EQ(p.reach, 06);  // the newest poll, NAKed, is not reached
}

TEST(Exchange, BroadcastOffsetUsesDelayCalibratedByTheVolley) {
    NtpdHost host;
    const SockInfo group = udp(v4("224.0.1.1:123"), {}, 23);
    for (int i = 0; i < 3; ++i) {  // a short calibration volley, 2 s apart
        Reply r{.t1 = kStart + i * 2 * kSecond, .server_offset = 4 * kMs, .delay_out = 5 * kMs,
                .delay_back = 5 * kMs, .processing = 0};
        host.feed(send_to(r.t1, 22, host.iface, kServer, request(r.t1)));
        host.feed(receive_from(r.t4(), 22, host.iface, kServer, r.packet().bytes(), r.t4()));
    }
    // Server transmits at its 100 s (client 100 s - 4 ms); it arrives 5 ms later.
    const int64_t t3 = kStart + 100 * kSecond;
    const int64_t t4 = t3 - 4 * kMs + 5 * kMs;
    host.feed(receive_from(t4, 23, group, kServer,
                           PacketBuilder().mode(5).transmit(ts(t3)).bytes(), t4));
    const HostModel m = host.finish(kStart + 110 * kSecond);
    const PeerModel& p = m.peers.at(0);
    EXPECT_EQ(p.type, AssociationType::multicast);
    EXPECT_EQ(p.timing.samples, 3u);
    ASSERT_EQ(p.broadcast_timing.samples, 1u);
    EXPECT_NEAR(p.broadcast_timing.offset, 0.004, 1e-8);
    EXPECT_NEAR(p.broadcast_timing.delay, 0.010, 1e-8);
    EXPECT_EQ(&p.shown_timing(), &p.broadcast_timing);
}

// strace's default -s 32 keeps the first 32 bytes: mode, stratum, poll and refid, no timestamps.
std::vector<uint8_t> first_32(std::vector<uint8_t> bytes) {
    bytes.resize(32);
    return bytes;
}

TEST(Exchange, CapturesWithoutTimestampsMatchByArrivalTime) {
    NtpdHost host;
    const SockInfo group = udp(v4("224.0.1.1:123"), {}, 23);
    const SockAddr other = v4("10.0.0.52:123");
    for (int i = 0; i < 3; ++i) {
        const int64_t t1 = kStart + i * 1024 * kSecond;
        Event req = send_to(t1, 23, group, kServer, first_32(request(t1, 10)));
        req.len = 68;
        host.feed(req);
        Reply r{.t1 = t1, .poll = 10};
        Event reply = receive_from(r.t4(), 22, host.iface, kServer, first_32(r.packet().bytes()));
        reply.len = 68;
        host.feed(reply);
        Event mcast = receive_from(t1 + 30 * kSecond, 23, group, other,
                                   first_32(PacketBuilder().mode(5).poll(6).stratum(2).bytes()));
        mcast.len = 68;
        host.feed(mcast);
    }
    const HostModel m = host.finish(kStart + 2 * 1024 * kSecond + 60 * kSecond);
    const PeerModel& s51 = *m.find_peer(kServer);
    EXPECT_EQ(s51.type, AssociationType::unicast);
    EXPECT_EQ(s51.outbound.answered, 3u);
    EXPECT_EQ(s51.outbound.matched_by_time, 3u);
    EXPECT_EQ(s51.reach, 07);
    EXPECT_EQ(s51.poll_log2, 10);
    EXPECT_EQ(s51.timing.samples, 0u);
    EXPECT_EQ(s51.state.refid_text, ".GPS.");
    const PeerModel& s52 = *m.find_peer(other);
    EXPECT_EQ(s52.type, AssociationType::multicast);
    EXPECT_EQ(s52.state.stratum, 2);
    EXPECT_EQ(s52.polling.received.stats.count, 2u);
    EXPECT_TRUE(m.has_note(NoteCode::truncated_payloads));
}

}  // namespace
}  // namespace ntpscope::analysis::test
