#include "core/model/sockaddr.hpp"

#include <gtest/gtest.h>
#include <sys/socket.h>

using ntpscope::SockAddr;

TEST(SockAddr, FormatsAndParsesIpv4) {
    auto a = SockAddr::v4(0x0a000133, 123);
    EXPECT_EQ(a.to_string(), "10.0.1.51:123");
    EXPECT_EQ(SockAddr::parse("10.0.1.51:123"), a);
}

TEST(SockAddr, FormatsAndParsesIpv6WithBrackets) {
    auto a = SockAddr::parse("[fe80::1]:123");
    ASSERT_TRUE(a);
    EXPECT_EQ(a->family, AF_INET6);
    EXPECT_EQ(a->to_string(), "[fe80::1]:123");
}

TEST(SockAddr, PrintsV4MappedAsIpv4SoPeersMatchAcrossFamilies) {
    auto a = SockAddr::parse("[::ffff:10.0.0.1]:123");
    ASSERT_TRUE(a);
    EXPECT_EQ(a->ip_string(), "10.0.0.1");
    EXPECT_EQ(a->to_string(), "10.0.0.1:123");
    EXPECT_TRUE(a->is_v4());
}

TEST(SockAddr, RejectsMalformedText) {
    EXPECT_FALSE(SockAddr::parse("10.0.0.1"));
    EXPECT_FALSE(SockAddr::parse("10.0.0.1:99999"));
    EXPECT_FALSE(SockAddr::parse("10.0.0:123"));
    EXPECT_FALSE(SockAddr::parse("fe80::1:123"));
    EXPECT_FALSE(SockAddr::parse("[fe80::1]123"));
    EXPECT_FALSE(SockAddr::parse(""));
}

TEST(SockAddr, ClassifiesMulticastLoopbackAndAny) {
    EXPECT_TRUE(SockAddr::parse("224.0.1.1:123")->is_multicast());
    EXPECT_FALSE(SockAddr::parse("10.0.0.1:123")->is_multicast());
    EXPECT_TRUE(SockAddr::parse("[ff02::101]:123")->is_multicast());
    EXPECT_TRUE(SockAddr::parse("127.0.0.1:123")->is_loopback());
    EXPECT_TRUE(SockAddr::parse("[::1]:123")->is_loopback());
    EXPECT_TRUE(SockAddr::parse("0.0.0.0:123")->is_any());
    EXPECT_TRUE(SockAddr::parse("[::]:123")->is_any());
    EXPECT_FALSE(SockAddr{}.present());
}
