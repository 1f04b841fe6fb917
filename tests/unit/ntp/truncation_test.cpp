#include <gtest/gtest.h>

#include "core/ntp/packet.hpp"
#include "packet_builder.hpp"

namespace ntpscope::ntp {
namespace {

using test::PacketBuilder;

std::vector<uint8_t> full_server_reply() {
    return PacketBuilder()
        .leap(1)
        .mode(4)
        .stratum(0)
        .poll(7)
        .precision(-20)
        .root_delay(0x11111111)
        .root_dispersion(0x22222222)
        .refid("RATE")
        .reference({1, 2})
        .origin({3, 4})
        .receive({5, 6})
        .transmit({7, 8})
        .bytes();
}

TEST(Truncation, EveryCaptureShorterThanTheHeaderIsTruncated) {
    const auto bytes = full_server_reply();
    for (size_t n = 0; n < kHeaderSize; ++n) {
        const Packet p = decode(test::first(bytes, n), bytes.size());
        EXPECT_EQ(p.kind, Kind::truncated) << n;
        EXPECT_FALSE(p.header_complete) << n;
        EXPECT_FALSE(p.trailer_truncated) << n;
        EXPECT_EQ(p.captured, n);
        EXPECT_EQ(p.wire_len, bytes.size());
        if (n >= 1) {
            EXPECT_EQ(p.mode, Mode::server) << n;
            EXPECT_EQ(p.version, 4) << n;
            EXPECT_EQ(p.leap, 1) << n;
        }
    }
}

TEST(Truncation, EveryDatagramShorterThanTheHeaderIsTruncated) {
    const auto bytes = full_server_reply();
    EXPECT_EQ(decode(test::first(bytes, 0)).kind, Kind::not_ntp);  // an empty datagram
    for (size_t n = 1; n < kHeaderSize; ++n) {
        const Packet p = decode(test::first(bytes, n));
        EXPECT_EQ(p.kind, Kind::truncated) << n;
        EXPECT_EQ(p.mode, Mode::server) << n;
    }
}

TEST(Truncation, FillsOnlyFieldsCapturedWhole) {
    const auto bytes = full_server_reply();
    const Packet seven = decode(test::first(bytes, 7), 48);
    EXPECT_EQ(seven.poll, 7);
    EXPECT_EQ(seven.precision, -20);
    EXPECT_EQ(seven.root_delay, 0u);  // 3 of its 4 bytes: left unset

    const Packet fifteen = decode(test::first(bytes, 15), 48);
    EXPECT_EQ(fifteen.root_dispersion, 0x22222222u);
    EXPECT_EQ(fifteen.refid, 0u);
    EXPECT_FALSE(fifteen.kiss_code);
    EXPECT_EQ(refid_string(fifteen), "");

    const Packet sixteen = decode(test::first(bytes, 16), 48);
    EXPECT_EQ(sixteen.kiss_code, "RATE");
    EXPECT_EQ(refid_string(sixteen), "RATE");
    EXPECT_TRUE(sixteen.reference.is_zero());

    const Packet forty_seven = decode(test::first(bytes, 47), 48);
    EXPECT_EQ(forty_seven.receive, (Timestamp{5, 6}));
    EXPECT_TRUE(forty_seven.transmit.is_zero());
}

TEST(Truncation, FullHeaderWithUncapturedTrailerIsStillNtp) {
    const auto bytes = PacketBuilder().mode(5).mac(1, 16).bytes();
    for (size_t n = kHeaderSize; n < bytes.size(); ++n) {
        const Packet p = decode(test::first(bytes, n), bytes.size());
        EXPECT_EQ(p.kind, Kind::ntp) << n;
        EXPECT_TRUE(p.header_complete) << n;
        EXPECT_TRUE(p.trailer_truncated) << n;
        EXPECT_EQ(p.digest_len, 16) << n;
    }
}

TEST(Truncation, EveryControlCaptureShorterThanItsHeaderIsTruncated) {
    test::ControlBuilder c;
    c.data = 8;
    const auto bytes = c.bytes();
    for (size_t n = 1; n < 12; ++n) {
        EXPECT_EQ(decode(test::first(bytes, n), bytes.size()).kind, Kind::truncated) << n;
        EXPECT_EQ(decode(test::first(bytes, n)).kind, Kind::truncated) << n;
    }
}

}  // namespace
}  // namespace ntpscope::ntp
