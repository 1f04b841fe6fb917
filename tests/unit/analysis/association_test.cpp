#include <gtest/gtest.h>

#include "host_events.hpp"

namespace ntpscope::analysis::test {
namespace {

const SockAddr kServer = v4("10.0.0.51:123");
const SockInfo kGroupSocket = udp(v4("224.0.1.1:123"), {}, 23);

// A multicast server's mode-5 packet, read on the group socket.
Event multicast_packet(int64_t t, const SockAddr& server = kServer, const SockInfo& sock = kGroupSocket) {
    const auto bytes = PacketBuilder().mode(5).stratum(2).poll(6).refid("GPS").transmit(ts(t)).bytes();
    return receive_from(t + 200 * kUs, 23, sock, server, bytes, t + 200 * kUs);
}

void calibration_volley(NtpdHost& host, int64_t start) {
    for (int i = 0; i < 8; ++i) host.poll(kServer, start + i * 2 * kSecond);
}

TEST(Association, PollingWithMode3IsUnicast) {
    NtpdHost host;
    for (int i = 0; i < 5; ++i) host.poll(kServer, kStart + i * 64 * kSecond);
    const HostModel m = host.finish(kStart + 300 * kSecond);
    ASSERT_EQ(m.peers.size(), 1u);
    EXPECT_EQ(m.peers[0].type, AssociationType::unicast);
    EXPECT_EQ(association_type_char(m.peers[0].type), 'u');
    EXPECT_FALSE(m.peers[0].serves);
}

TEST(Association, Mode5OnGroupSocketIsMulticast) {
    NtpdHost host;
    for (int i = 0; i < 5; ++i) host.feed(multicast_packet(kStart + i * 64 * kSecond));
    const HostModel m = host.finish(kStart + 300 * kSecond);
    ASSERT_EQ(m.peers.size(), 1u);
    EXPECT_EQ(m.peers[0].type, AssociationType::multicast);
    EXPECT_EQ(m.peers[0].poll_log2, 6);
    EXPECT_EQ(m.peers[0].state.stratum, 2);
}

// ntpd 4.2.8 reads each multicast packet in full on the group socket and again, 16 bytes of
// it, on the wildcard socket, where it drops it (as recorded in the classic lab).
TEST(Association, DrainReadsOnTheWildcardSocketAreNotPackets) {
    NtpdHost host;
    const SockInfo wildcard = udp(v4("0.0.0.0:123"), {}, 17);
    for (int i = 0; i < 6; ++i) {
        const int64_t t = kStart + i * 8 * kSecond;
        const Event full = multicast_packet(t);
        Event drain = receive_from(t + 100 * kUs, 17, wildcard, kServer,
                                   std::vector<uint8_t>(full.data.begin(), full.data.begin() + 16));
        host.feed(drain);
        host.feed(full);
    }
    const HostModel m = host.finish(kStart + 44 * kSecond);
    ASSERT_EQ(m.peers.size(), 1u);
    const PeerModel& p = m.peers[0];
    EXPECT_EQ(p.packets.by_mode[5].received, 6u);
    EXPECT_EQ(p.packets.all.received, 6u);
    EXPECT_EQ(p.packets.drain_reads, 6u);
    ASSERT_TRUE(p.measured_interval);
    EXPECT_NEAR(*p.measured_interval, 8.0, 0.01);
    // ntpq 4.2.8 shows such an association as `b`, not `m`.
    EXPECT_EQ(p.type, AssociationType::broadcast);
    EXPECT_EQ(association_type_char(p.type), 'b');
    EXPECT_TRUE(p.multicast_dst);
}

TEST(Association, ShortReadOnAnInterfaceSocketIsStillADatagram) {
    NtpdHost host;
    const SockInfo iface = udp(v4("10.0.0.2:123"), {}, 19);
    host.feed(receive_from(kStart, 19, iface, kServer, std::vector<uint8_t>(16, 0x25)));
    const HostModel m = host.finish(kStart + kSecond);
    ASSERT_EQ(m.peers.size(), 1u);
    EXPECT_EQ(m.peers[0].packets.drain_reads, 0u);
    EXPECT_EQ(m.peers[0].packets.all.received, 1u);
}

TEST(Association, Mode5ToUnicastAddressIsBroadcast) {
    NtpdHost host;
    const SockInfo wildcard = udp(v4("0.0.0.0:123"), {}, 16);
    for (int i = 0; i < 3; ++i) {
        Event e = multicast_packet(kStart + i * 64 * kSecond, kServer, wildcard);
        e.dst = v4("10.0.0.255:0");
        host.feed(e);
    }
    const HostModel m = host.finish(kStart + 200 * kSecond);
    EXPECT_EQ(m.peers.at(0).type, AssociationType::broadcast);
}

TEST(Association, PacketPktinfoOnGroupAddressIsMulticastEvenOnWildcardSocket) {
    NtpdHost host;
    Event e = multicast_packet(kStart, kServer, udp(v4("0.0.0.0:123"), {}, 16));
    e.dst = v4("224.0.1.1:0");
    host.feed(e);
    EXPECT_EQ(host.finish(kStart + kSecond).peers.at(0).type, AssociationType::multicast);
}

TEST(Association, SeedGoodClientVolleyThenListeningIsMulticast) {
    NtpdHost host;
    calibration_volley(host, kStart);
    for (int i = 1; i <= 20; ++i) host.feed(multicast_packet(kStart + i * 64 * kSecond));
    const HostModel m = host.finish(kStart + 21 * 64 * kSecond);
    const PeerModel& p = m.peers.at(0);
    EXPECT_EQ(p.type, AssociationType::multicast);
    EXPECT_EQ(p.polling.startup_volleys, 1u);
    EXPECT_EQ(p.outbound.requests, 8u);
    // The volley's replies are not the server's own rhythm: 19 intervals of 64 s between mode 5.
    EXPECT_EQ(p.polling.received.stats.count, 19u);
    EXPECT_EQ(p.measured_interval, 64.0);
    EXPECT_EQ(p.reach, 0377);
}

TEST(Association, SeedBadClientKeepsPollingAfterVolleyIsUnicast) {
    NtpdHost host;
    calibration_volley(host, kStart);
    for (int i = 1; i <= 20; ++i) host.feed(multicast_packet(kStart + i * 64 * kSecond));
    for (int i = 1; i <= 4; ++i) host.poll(kServer, kStart + i * 1024 * kSecond, true, 10);
    const HostModel m = host.finish(kStart + 5000 * kSecond);
    const PeerModel& p = m.peers.at(0);
    EXPECT_EQ(p.type, AssociationType::unicast);
    EXPECT_EQ(p.poll_log2, 10);
    EXPECT_TRUE(p.multicast_dst);  // its mode-5 packets still arrive
    EXPECT_EQ(p.broadcast_timing.samples, 20u);
    EXPECT_EQ(&p.shown_timing(), &p.timing);  // but ntpq's columns come from the polls
}

TEST(Association, SymmetricModes) {
    NtpdHost host;
    const SockAddr peer = v4("10.0.0.7:123");
    for (int i = 0; i < 3; ++i) {
        const int64_t t1 = kStart + i * 64 * kSecond;
        host.feed(send_to(t1, 22, host.iface, peer,
                          PacketBuilder().mode(1).poll(6).transmit(ts(t1)).bytes()));
        Reply r{.t1 = t1};
        host.feed(receive_from(r.t4(), 22, host.iface, peer, r.packet().mode(2).bytes(), r.t4()));
    }
    const HostModel m = host.finish(kStart + 200 * kSecond);
    const PeerModel& p = m.peers.at(0);
    EXPECT_EQ(p.type, AssociationType::symmetric);
    EXPECT_EQ(p.outbound.answered, 3u);
    EXPECT_EQ(p.reach, 07);
}

TEST(Association, AnsweringMode3IsServingAClient) {
    NtpdHost host;
    const SockAddr client = v4("10.0.0.9:40123");
    for (int i = 0; i < 3; ++i) {
        const int64_t t = kStart + i * 16 * kSecond;
        host.feed(receive_from(t, 22, host.iface, client, request(t - kSecond)));
        Reply r{.t1 = t - kSecond};
        host.feed(send_to(t + kMs, 22, host.iface, client, r.packet().bytes()));
    }
    const HostModel m = host.finish(kStart + 60 * kSecond);
    const PeerModel& p = m.peers.at(0);
    EXPECT_EQ(p.type, AssociationType::served_client);
    EXPECT_TRUE(p.serves);
    EXPECT_EQ(p.inbound.requests, 3u);
    EXPECT_EQ(p.inbound.answered, 3u);
    EXPECT_EQ(association_type_char(p.type), '-');
}

TEST(Association, PeerIdentityIgnoresPortAndV4MappedForm) {
    NtpdHost host;
    host.poll(kServer, kStart);
    Event e = multicast_packet(kStart + 5 * kSecond, *SockAddr::parse("[::ffff:10.0.0.51]:40000"));
    host.feed(e);
    const HostModel m = host.finish(kStart + 10 * kSecond);
    ASSERT_EQ(m.peers.size(), 1u);
    EXPECT_EQ(m.peers[0].name(), "10.0.0.51");
    EXPECT_EQ(m.peers[0].ports.size(), 2u);
    EXPECT_NE(m.find_peer(v4("10.0.0.51:9")), nullptr);
    EXPECT_EQ(m.find_peer(v4("10.0.0.52:123")), nullptr);
}

TEST(Association, ControlTrafficOnlyIsNotAnAssociation) {
    NtpdHost host;
    ntp::test::ControlBuilder query;
    host.feed(receive_from(kStart, 22, host.iface, v4("127.0.0.1:50000"), query.bytes()));
    const HostModel m = host.finish(kStart + kSecond);
    const PeerModel& p = m.peers.at(0);
    EXPECT_EQ(p.type, AssociationType::control_only);
    EXPECT_EQ(p.packets.by_mode[6].received, 1u);
}

}  // namespace
}  // namespace ntpscope::analysis::test
