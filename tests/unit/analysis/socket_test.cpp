#include <gtest/gtest.h>
#include <netinet/in.h>

#include "core/analysis/socket_table.hpp"
#include "host_events.hpp"

namespace ntpscope::analysis::test {
namespace {

const SockAddr kServer = v4("10.0.0.51:123");

SockInfo of_family(uint16_t family) {
    SockInfo s;
    s.family = family;
    s.type = SOCK_RAW;
    return s;
}

TEST(SocketRoles, ClassifiedFromAddresses) {
    EXPECT_EQ(classify_socket(udp(v4("0.0.0.0:123")), 123), SocketRole::wildcard);
    EXPECT_EQ(classify_socket(udp(*SockAddr::parse("[::]:123")), 123), SocketRole::wildcard);
    EXPECT_EQ(classify_socket(udp(v4("127.0.0.1:123")), 123), SocketRole::loopback);
    EXPECT_EQ(classify_socket(udp(*SockAddr::parse("[::1]:123")), 123), SocketRole::loopback);
    EXPECT_EQ(classify_socket(udp(v4("10.0.0.2:123")), 123), SocketRole::interface);
    EXPECT_EQ(classify_socket(udp(v4("224.0.1.1:123")), 123), SocketRole::multicast_group);
    EXPECT_EQ(classify_socket(udp(v4("10.0.0.2:41000"), kServer), 123), SocketRole::connected);
    EXPECT_EQ(classify_socket(udp(v4("10.0.0.2:53000")), 123), SocketRole::other_port);
    EXPECT_EQ(classify_socket(udp(v4("10.0.0.2:1123")), 1123), SocketRole::interface);
    EXPECT_EQ(classify_socket(of_family(AF_NETLINK), 123), SocketRole::netlink);
    EXPECT_EQ(classify_socket(of_family(AF_UNIX), 123), SocketRole::unix_domain);
    EXPECT_EQ(classify_socket(std::nullopt, 123), SocketRole::unknown);
    EXPECT_EQ(classify_socket(udp(SockAddr{}), 123), SocketRole::unknown);
}

const SocketModel& socket_with_role(const HostModel& m, SocketRole role) {
    auto it = std::find_if(m.sockets.begin(), m.sockets.end(),
                           [&](const SocketModel& s) { return s.role == role; });
    EXPECT_NE(it, m.sockets.end()) << socket_role_name(role);
    return *it;
}

TEST(Sockets, ReceiveCallsWithDataAndEagainPerRole) {
    NtpdHost host;
    const SockInfo group = udp(v4("224.0.1.1:123"), {}, 23);
    for (int i = 0; i < 4; ++i) {
        host.poll(kServer, kStart + i * 1024 * kSecond, true, 10);  // each reply + one EAGAIN
        const int64_t t = kStart + i * 1024 * kSecond + 500 * kSecond;
        host.feed(receive_from(t, 23, group, kServer,
                               PacketBuilder().mode(5).transmit(ts(t)).bytes()));
    }
    Event netlink = datagram(Syscall::recvmsg, kStart + kSecond, 5, of_family(AF_NETLINK),
                             std::nullopt, std::vector<uint8_t>(40, 0));
    host.feed(netlink);

    const HostModel m = host.finish(kStart + 4096 * kSecond);
    const SocketModel& iface = socket_with_role(m, SocketRole::interface);
    EXPECT_EQ(iface.receive_calls, 8u);
    EXPECT_EQ(iface.received, 4u);
    EXPECT_EQ(iface.eagain, 4u);
    EXPECT_EQ(iface.sent, 4u);
    EXPECT_EQ(iface.bytes_sent, 4u * 48);
    EXPECT_EQ(iface.errors.items.at(EAGAIN), 4u);
    EXPECT_EQ(iface.examples[static_cast<size_t>(SocketExample::eagain)].total(), 4u);
    EXPECT_EQ(iface.fds, std::vector<int32_t>{22});
    EXPECT_EQ(iface.label(), "interface 10.0.0.2:123");
    ASSERT_EQ(iface.peers.size(), 1u);
    EXPECT_EQ(iface.peers[0], v4("10.0.0.51:0"));

    const SocketModel& mcast = socket_with_role(m, SocketRole::multicast_group);
    EXPECT_EQ(mcast.received, 4u);
    EXPECT_EQ(mcast.eagain, 0u);

    const SocketModel& nl = socket_with_role(m, SocketRole::netlink);
    EXPECT_EQ(nl.received, 1u);
    EXPECT_EQ(nl.not_ntp, 0u);  // never decoded as NTP
    EXPECT_EQ(m.peers.size(), 1u);
}

TEST(Sockets, ChronydConnectedSocketsMergeIntoOneEntryPerServer) {
    NtpdHost host;
    for (uint64_t i = 0; i < 50; ++i) {
        const int64_t t1 = kStart + static_cast<int64_t>(i) * kSecond;
        // A new socket each time, sendmsg/recvmsg without a name: the peer is the connected address.
        const SockInfo bound = udp(SockAddr::v4(0x0a000002, static_cast<uint16_t>(40000 + i)),
                                   kServer, 1000 + i);
        host.feed(datagram(Syscall::sendmsg, t1, 7, bound, std::nullopt, request(t1, 0)));
        Reply r{.t1 = t1, .poll = 0};
        Event reply = datagram(Syscall::recvmsg, r.t4(), 7, bound, std::nullopt, r.packet().bytes());
        reply.rx_time = r.t4();
        host.feed(reply);
    }
    const HostModel m = host.finish(kStart + 51 * kSecond);
    ASSERT_EQ(m.sockets.size(), 1u);
    EXPECT_EQ(m.sockets[0].role, SocketRole::connected);
    EXPECT_EQ(m.sockets[0].instances, 50u);
    EXPECT_EQ(m.sockets[0].sent, 50u);
    EXPECT_EQ(m.sockets[0].label(), "connected 10.0.0.2->10.0.0.51:123");
    ASSERT_EQ(m.peers.size(), 1u);
    EXPECT_EQ(m.peers[0].type, AssociationType::unicast);
    EXPECT_EQ(m.peers[0].outbound.answered, 50u);
    EXPECT_EQ(m.peers[0].reach, 0377);
}

TEST(Sockets, MulticastMembershipIsRecorded) {
    NtpdHost host;
    Event join;
    join.t = kStart;
    join.syscall = Syscall::setsockopt;
    join.fd = 23;
    join.sock = udp(v4("224.0.1.1:123"), {}, 23);
    join.opt.emplace();
    join.opt->level = IPPROTO_IP;
    join.opt->name = IP_ADD_MEMBERSHIP;
    join.opt->group = v4("224.0.1.1:0");
    host.feed(join);
    const HostModel m = host.finish(kStart + kSecond);
    ASSERT_EQ(m.sockets.size(), 1u);
    EXPECT_EQ(m.sockets[0].groups, std::vector<SockAddr>{v4("224.0.1.1:0")});
}

TEST(Sockets, FailedSendIsAnErrorNotADatagram) {
    NtpdHost host;
    Event e = send_to(kStart, 22, host.iface, kServer, request(kStart));
    e.ret = -1;
    e.err = ENETUNREACH;
    host.feed(e);
    const HostModel m = host.finish(kStart + kSecond);
    EXPECT_EQ(m.sockets.at(0).send_errors, 1u);
    EXPECT_EQ(m.sockets.at(0).sent, 0u);
    EXPECT_TRUE(m.peers.empty());
}

}  // namespace
}  // namespace ntpscope::analysis::test
