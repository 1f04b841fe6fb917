#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <cstring>

#include "core/kabi/kabi.hpp"
#include "raw_bytes.hpp"

namespace ntpscope::kabi {
namespace {

in_addr v4(const char* text) {
    in_addr a{};
    inet_pton(AF_INET, text, &a);
    return a;
}

TEST(SockOpt, IpMreqGivesGroupAndInterface) {
    ip_mreq m{};
    m.imr_multiaddr = v4("224.0.1.1");
    m.imr_interface = v4("10.0.0.5");
    const auto opt = decode_sockopt(IPPROTO_IP, IP_ADD_MEMBERSHIP, test::bytes_of(m));
    EXPECT_EQ(opt.level, IPPROTO_IP);
    EXPECT_EQ(opt.name, IP_ADD_MEMBERSHIP);
    ASSERT_TRUE(opt.group);
    EXPECT_EQ(opt.group->to_string(), "224.0.1.1:0");
    ASSERT_TRUE(opt.iface);
    EXPECT_EQ(opt.iface->ip_string(), "10.0.0.5");
    EXPECT_FALSE(opt.value);
}

TEST(SockOpt, IpMreqnGivesGroupAndAddress) {
    ip_mreqn m{};
    m.imr_multiaddr = v4("224.0.1.1");
    m.imr_address = v4("10.0.0.6");
    m.imr_ifindex = 4;
    const auto opt = decode_sockopt(IPPROTO_IP, IP_DROP_MEMBERSHIP, test::bytes_of(m));
    EXPECT_EQ(opt.group->ip_string(), "224.0.1.1");
    EXPECT_EQ(opt.iface->ip_string(), "10.0.0.6");
}

TEST(SockOpt, IpMreqSourceGivesGroupAndInterface) {
    ip_mreq_source m{};
    m.imr_multiaddr = v4("232.1.1.1");
    m.imr_interface = v4("10.0.0.7");
    m.imr_sourceaddr = v4("10.0.0.99");
    const auto bytes = test::bytes_of(m);
    const auto opt = decode_sockopt(IPPROTO_IP, IP_ADD_SOURCE_MEMBERSHIP, bytes);
    EXPECT_EQ(opt.group->ip_string(), "232.1.1.1");
    EXPECT_EQ(opt.iface->ip_string(), "10.0.0.7");
    EXPECT_FALSE(decode_sockopt(IPPROTO_IP, IP_ADD_SOURCE_MEMBERSHIP, test::first(bytes, 8)).group);
}

TEST(SockOpt, Ipv6JoinGroupGivesTheGroup) {
    ipv6_mreq m{};
    inet_pton(AF_INET6, "ff02::101", &m.ipv6mr_multiaddr);
    m.ipv6mr_interface = 2;
    for (int name : {IPV6_ADD_MEMBERSHIP, IPV6_DROP_MEMBERSHIP}) {
        const auto opt = decode_sockopt(IPPROTO_IPV6, name, test::bytes_of(m));
        ASSERT_TRUE(opt.group) << name;
        EXPECT_EQ(opt.group->to_string(), "[ff02::101]:0");
        EXPECT_FALSE(opt.iface);
    }
}

TEST(SockOpt, GroupReqCarriesASockaddrForEitherFamily) {
    group_req g{};
    g.gr_interface = 3;
    sockaddr_in sin{};
    sin.sin_family = AF_INET;
    sin.sin_port = htons(123);  // ignored: a group has no port
    sin.sin_addr = v4("224.0.1.1");
    std::memcpy(&g.gr_group, &sin, sizeof sin);
    const auto opt = decode_sockopt(IPPROTO_IP, MCAST_JOIN_GROUP, test::bytes_of(g));
    ASSERT_TRUE(opt.group);
    EXPECT_EQ(opt.group->to_string(), "224.0.1.1:0");

    group_req g6{};
    sockaddr_in6 sin6{};
    sin6.sin6_family = AF_INET6;
    inet_pton(AF_INET6, "ff05::101", &sin6.sin6_addr);
    std::memcpy(&g6.gr_group, &sin6, sizeof sin6);
    const auto opt6 = decode_sockopt(IPPROTO_IPV6, MCAST_LEAVE_GROUP, test::bytes_of(g6));
    ASSERT_TRUE(opt6.group);
    EXPECT_EQ(opt6.group->ip_string(), "ff05::101");
}

TEST(SockOpt, MulticastIfTakesAnAddressOrAMreqn) {
    const auto bare = decode_sockopt(IPPROTO_IP, IP_MULTICAST_IF, test::bytes_of(v4("10.0.0.8")));
    ASSERT_TRUE(bare.iface);
    EXPECT_EQ(bare.iface->ip_string(), "10.0.0.8");
    EXPECT_FALSE(bare.value);

    ip_mreqn m{};
    m.imr_address = v4("10.0.0.9");
    EXPECT_EQ(decode_sockopt(IPPROTO_IP, IP_MULTICAST_IF, test::bytes_of(m)).iface->ip_string(),
              "10.0.0.9");
}

TEST(SockOpt, ShortMembershipRequestsDecodeNothing) {
    ip_mreqn m{};
    const auto v4_bytes = test::bytes_of(m);
    for (size_t n = 0; n < sizeof(ip_mreq); ++n) {
        const auto opt = decode_sockopt(IPPROTO_IP, IP_ADD_MEMBERSHIP, test::first(v4_bytes, n));
        EXPECT_FALSE(opt.group) << n;
        EXPECT_FALSE(opt.iface) << n;
        EXPECT_FALSE(opt.value) << n;  // 4 bytes of a membership request are no integer
    }
    const auto v6_bytes = test::bytes_of(ipv6_mreq{});
    EXPECT_FALSE(decode_sockopt(IPPROTO_IPV6, IPV6_JOIN_GROUP, test::first(v6_bytes, 19)).group);
    const auto g_bytes = test::bytes_of(group_req{});
    EXPECT_FALSE(decode_sockopt(IPPROTO_IP, MCAST_JOIN_GROUP, test::first(g_bytes, 135)).group);
    EXPECT_FALSE(decode_sockopt(IPPROTO_IP, MCAST_JOIN_GROUP, g_bytes).group);  // AF_UNSPEC
}

TEST(SockOpt, IntegerOptionsGiveTheirValue) {
    const int on = 1;
    const auto ts = decode_sockopt(SOL_SOCKET, SO_TIMESTAMPNS, test::bytes_of(on));
    EXPECT_EQ(ts.value, 1);
    EXPECT_FALSE(ts.group);

    const int flags = -7;
    EXPECT_EQ(decode_sockopt(SOL_SOCKET, SO_TIMESTAMPING, test::bytes_of(flags)).value, -7);

    const unsigned char ttl = 200;
    EXPECT_EQ(decode_sockopt(IPPROTO_IP, IP_MULTICAST_TTL, test::bytes_of(ttl)).value, 200);
    // SOL_SOCKET options need a whole int.
    EXPECT_FALSE(decode_sockopt(SOL_SOCKET, SO_REUSEADDR, test::bytes_of(ttl)).value);
}

TEST(SockOpt, OtherSizesGiveNoValue) {
    linger l{};
    l.l_onoff = 1;
    EXPECT_FALSE(decode_sockopt(SOL_SOCKET, SO_LINGER, test::bytes_of(l)).value);
    EXPECT_FALSE(decode_sockopt(SOL_SOCKET, SO_REUSEADDR, {}).value);
}

}  // namespace
}  // namespace ntpscope::kabi
