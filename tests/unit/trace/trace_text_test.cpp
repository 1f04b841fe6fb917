#include "core/trace/trace_text.hpp"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <sys/socket.h>

#include <optional>
#include <random>
#include <string>
#include <vector>

namespace ntpscope::trace {
namespace {

std::string endpoint(const SockAddr& addr) {
    TextBuffer buf;
    return std::string(endpoint_text(addr, buf));
}

std::string ip(const SockAddr& addr) {
    TextBuffer buf;
    return std::string(ip_text(addr, buf));
}

TEST(TraceText, FamiliesAndTypesByNameOrNumber) {
    TextBuffer buf;
    EXPECT_EQ(family_text(AF_INET, buf), "inet");
    EXPECT_EQ(family_text(AF_INET6, buf), "inet6");
    EXPECT_EQ(family_text(AF_UNIX, buf), "unix");
    EXPECT_EQ(family_text(AF_NETLINK, buf), "netlink");
    EXPECT_EQ(family_text(17, buf), "af17");
    EXPECT_EQ(socktype_text(SOCK_DGRAM, buf), "dgram");
    EXPECT_EQ(socktype_text(SOCK_STREAM, buf), "stream");
    EXPECT_EQ(socktype_text(SOCK_RAW, buf), "raw");
    EXPECT_EQ(socktype_text(SOCK_SEQPACKET, buf), "seqpacket");
    EXPECT_EQ(socktype_text(65535, buf), "type65535");
    for (uint16_t value : {0, 1, 2, 10, 16, 17, 44, 65535}) {
        EXPECT_EQ(parse_family(family_text(value, buf)), value);
        EXPECT_EQ(parse_socktype(socktype_text(value, buf)), value);
    }
    for (std::string_view bad : {"", "af", "af-1", "af65536", "afx", "inet4", "type", "dgram "}) {
        EXPECT_EQ(parse_family(bad), std::nullopt) << bad;
        EXPECT_EQ(parse_socktype(bad), std::nullopt) << bad;
    }
}

TEST(TraceText, Endpoints) {
    EXPECT_EQ(endpoint(SockAddr::v4(0xc0a80133, 123)), "192.168.1.51:123");
    EXPECT_EQ(endpoint(SockAddr::v4(0, 0)), "0.0.0.0:0");
    EXPECT_EQ(endpoint(SockAddr::v4(0xffffffff, 65535)), "255.255.255.255:65535");
    EXPECT_EQ(endpoint(*SockAddr::parse("[2001:db8::1]:123")), "[2001:db8::1]:123");
    EXPECT_EQ(endpoint(*SockAddr::parse("[::ffff:10.0.0.9]:123")), "[::ffff:10.0.0.9]:123");
    EXPECT_EQ(endpoint(SockAddr{}), "");  // absent
    SockAddr unix_addr;
    unix_addr.family = AF_UNIX;
    EXPECT_EQ(endpoint(unix_addr), "");  // the model holds only IP addresses
}

TEST(TraceText, ParsingAgreesWithSockAddrOnEveryForm) {
    for (std::string_view text :
         {"10.0.0.1:123", "0.0.0.0:0", "255.255.255.255:65535", "[2001:db8::1]:123", "[::ffff:10.0.0.9]:1",
          "010.0.0.1:1", "10.0.0.1:65536", "10.0.0.1:", "10.0.0.1", "10.0.0:1", "10.0.0.256:1", "1.2.3.4.5:6",
          "10.0.0.1:+1", " 10.0.0.1:1", "10.0.0.1:1 ", "2001:db8::1:123", ":123", "", "x:1"}) {
        EXPECT_EQ(parse_endpoint(text), SockAddr::parse(text)) << text;
    }
    for (std::string_view text : {"10.0.0.1", "0.0.0.0", "224.0.1.1", "01.2.3.4", "1.2.3", "1.2.3.4.", "1.2.3.4:5",
                                  "::1", "ff02::101", "::ffff:1.2.3.4", "256.1.1.1", "", "a.b.c.d"}) {
        EXPECT_EQ(parse_ip(text), SockAddr::parse_ip(text)) << text;
    }
    EXPECT_EQ(parse_endpoint("192.168.1.51:123"), SockAddr::v4(0xc0a80133, 123));
}

TEST(TraceText, Ipv6TextFollowsRfc5952) {
    const auto text = [](const char* address) { return ip(*SockAddr::parse_ip(address)); };
    EXPECT_EQ(text("::"), "::");
    EXPECT_EQ(text("::1"), "::1");
    EXPECT_EQ(text("1::"), "1::");
    EXPECT_EQ(text("2001:0DB8:0:0:0:0:0:1"), "2001:db8::1");
    EXPECT_EQ(text("2001:db8:0:1:1:1:1:1"), "2001:db8:0:1:1:1:1:1");  // one zero group stays
    EXPECT_EQ(text("2001:0:0:1:0:0:0:1"), "2001:0:0:1::1");          // the longest run
    EXPECT_EQ(text("2001:db8:0:0:1:0:0:1"), "2001:db8::1:0:0:1");      // the first of equal runs
    EXPECT_EQ(text("ff02::101"), "ff02::101");
    EXPECT_EQ(text("fe80::aa:1"), "fe80::aa:1");
    EXPECT_EQ(text("::ffff:224.0.1.1"), "::ffff:224.0.1.1");
    EXPECT_EQ(text("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"), "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff");
}

TEST(TraceText, RandomAddressesReadBackAndMatchInetNtop) {
    std::mt19937 random(5952);
    std::uniform_int_distribution<int> byte(0, 255);
    std::uniform_int_distribution<int> zero(0, 2);
    for (int round = 0; round < 5000; ++round) {
        std::array<uint8_t, 16> bytes{};
        for (uint8_t& b : bytes) b = zero(random) ? 0 : static_cast<uint8_t>(byte(random));
        const SockAddr addr = SockAddr::v6(bytes, static_cast<uint16_t>(round));
        const std::string text = ip(addr);
        EXPECT_EQ(SockAddr::parse_ip(text), addr.without_port()) << text;
        EXPECT_EQ(SockAddr::parse(endpoint(addr)), addr) << endpoint(addr);
        // glibc prints "::a.b.c.d" for the deprecated IPv4-compatible form; RFC 5952 does not.
        const bool ipv4_compatible = std::all_of(bytes.begin(), bytes.begin() + 12, [](uint8_t b) { return b == 0; });
        if (!ipv4_compatible) {
            char expected[INET6_ADDRSTRLEN];
            inet_ntop(AF_INET6, bytes.data(), expected, sizeof expected);
            EXPECT_EQ(text, expected);
        }
    }
}

// Reference: one digit at a time, as the format describes it.
std::optional<std::vector<uint8_t>> hex_reference(std::string_view text) {
    const auto digit = [](char c) {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    };
    if (text.size() % 2 != 0) return std::nullopt;
    std::vector<uint8_t> bytes;
    for (size_t i = 0; i < text.size(); i += 2) {
        const int hi = digit(text[i]);
        const int lo = digit(text[i + 1]);
        if (hi < 0 || lo < 0) return std::nullopt;
        bytes.push_back(static_cast<uint8_t>(hi * 16 + lo));
    }
    return bytes;
}

TEST(DecodeHex, EveryByteValueAtEveryPositionAgreesWithTheReference) {
    // 48 digits: three 16-digit blocks, and lengths that leave a tail after zero, one or two.
    const std::string good = "0123456789abcdefABCDEF00ff7e80a5FfeE9a0b1c2d3e4f";
    std::vector<uint8_t> out;
    for (size_t length : {0u, 2u, 6u, 8u, 14u, 16u, 18u, 30u, 32u, 34u, 46u, 48u}) {
        const std::string base = good.substr(0, length);
        ASSERT_TRUE(decode_hex(base, out)) << base;
        EXPECT_EQ(out, *hex_reference(base)) << base;
        for (size_t at = 0; at < length; ++at) {
            for (int c = 0; c < 256; ++c) {
                std::string text = base;
                text[at] = static_cast<char>(c);
                const auto expected = hex_reference(text);
                ASSERT_EQ(decode_hex(text, out), expected.has_value()) << "byte " << c << " at " << at << " of " << length;
                if (expected) {
                    EXPECT_EQ(out, *expected) << text;
                }
            }
        }
    }
}

TEST(DecodeHex, OddLengthIsRefused) {
    std::vector<uint8_t> out;
    EXPECT_FALSE(decode_hex("abc", out));
    EXPECT_FALSE(decode_hex("0123456789abcdef0", out));
}

}  // namespace
}  // namespace ntpscope::trace
