#include <gtest/gtest.h>

#include "core/ntp/packet.hpp"
#include "packet_builder.hpp"

namespace ntpscope::ntp {
namespace {

using test::PacketBuilder;

class EveryHeaderMode : public ::testing::TestWithParam<uint8_t> {};

TEST_P(EveryHeaderMode, DecodesEveryHeaderField) {
    const auto bytes = PacketBuilder()
                           .leap(3)
                           .version(4)
                           .mode(GetParam())
                           .stratum(3)
                           .poll(10)
                           .precision(-23)
                           .root_delay(0x00018000)
                           .root_dispersion(0x00004000)
                           .refid(0xc0a8010a)
                           .reference({0xe9000001, 0x10})
                           .origin({0xe9000002, 0x20})
                           .receive({0xe9000003, 0x30})
                           .transmit({0xe9000004, 0x80000000})
                           .bytes();
    const Packet p = decode(bytes);
    EXPECT_EQ(p.kind, Kind::ntp);
    EXPECT_EQ(p.mode, static_cast<Mode>(GetParam()));
    EXPECT_TRUE(p.header_complete);
    EXPECT_EQ(p.captured, 48u);
    EXPECT_EQ(p.wire_len, 48u);
    EXPECT_EQ(p.leap, 3);
    EXPECT_EQ(p.version, 4);
    EXPECT_EQ(p.stratum, 3);
    EXPECT_EQ(p.poll, 10);
    EXPECT_EQ(p.precision, -23);
    EXPECT_DOUBLE_EQ(p.root_delay_seconds(), 1.5);
    EXPECT_DOUBLE_EQ(p.root_dispersion_seconds(), 0.25);
    EXPECT_EQ(p.refid, 0xc0a8010au);
    EXPECT_EQ(p.reference, (Timestamp{0xe9000001, 0x10}));
    EXPECT_EQ(p.origin, (Timestamp{0xe9000002, 0x20}));
    EXPECT_EQ(p.receive, (Timestamp{0xe9000003, 0x30}));
    EXPECT_EQ(p.transmit, (Timestamp{0xe9000004, 0x80000000}));
    EXPECT_EQ(p.auth, Auth::none);
    EXPECT_EQ(p.extensions.count, 0);
    EXPECT_FALSE(p.trailer_truncated);
    EXPECT_FALSE(p.kiss_code);
}

INSTANTIATE_TEST_SUITE_P(Modes1To5, EveryHeaderMode, ::testing::Values(1, 2, 3, 4, 5));

TEST(Header, ModeNamesFollowTheEnumerators) {
    EXPECT_EQ(mode_name(decode(PacketBuilder().mode(1).bytes()).mode), "symmetric_active");
    EXPECT_EQ(mode_name(decode(PacketBuilder().mode(2).bytes()).mode), "symmetric_passive");
    EXPECT_EQ(mode_name(decode(PacketBuilder().mode(3).bytes()).mode), "client");
    EXPECT_EQ(mode_name(decode(PacketBuilder().mode(4).bytes()).mode), "server");
    EXPECT_EQ(mode_name(decode(PacketBuilder().mode(5).bytes()).mode), "broadcast");
    EXPECT_EQ(mode_name(Mode::control), "control");
    EXPECT_EQ(mode_name(Mode::private_use), "private_use");
    EXPECT_EQ(kind_name(Kind::not_ntp), "not_ntp");
    EXPECT_EQ(auth_name(Auth::crypto_nak), "crypto_nak");
}

TEST(Header, AcceptsVersionsOneToFour) {
    for (uint8_t v = 1; v <= 4; ++v) {
        const Packet p = decode(PacketBuilder().version(v).mode(4).bytes());
        EXPECT_EQ(p.kind, Kind::ntp) << "version " << int{v};
        EXPECT_EQ(p.version, v);
    }
}

TEST(Header, RejectsVersionZeroAndAboveFourAsGarbage) {
    for (uint8_t v : {0, 5, 6, 7}) {
        const Packet p = decode(PacketBuilder().version(v).mode(4).bytes());
        EXPECT_EQ(p.kind, Kind::not_ntp) << "version " << int{v};
        EXPECT_EQ(p.version, v);
        EXPECT_FALSE(p.header_complete);
    }
}

TEST(Header, RejectsReservedModeZero) {
    EXPECT_EQ(decode(PacketBuilder().mode(0).bytes()).kind, Kind::not_ntp);
}

TEST(Header, RejectsTextThatIsNotNtp) {
    const std::string_view text = "GET / HTTP/1.1\r\nHost: example\r\n\r\n0123456789abcd";
    const std::vector<uint8_t> bytes(text.begin(), text.end());
    EXPECT_EQ(decode(bytes).kind, Kind::not_ntp);  // 'G' = 01 000 111: version 0
}

TEST(Header, EmptyDatagramIsNotNtp) {
    const Packet p = decode({});
    EXPECT_EQ(p.kind, Kind::not_ntp);
    EXPECT_EQ(p.captured, 0u);
}

TEST(Header, NothingCapturedOfARealDatagramIsTruncatedNotGarbage) {
    const Packet p = decode({}, 48);
    EXPECT_EQ(p.kind, Kind::truncated);
    EXPECT_EQ(p.wire_len, 48u);
}

TEST(Header, PrivateModeSevenIsRecognisedOnly) {
    // ntpdc request: R=0 M=0 VN=2 mode 7, then auth/seq, implementation, request code.
    const std::vector<uint8_t> request = {0x17, 0x00, 0x03, 0x2a, 0x00, 0x00, 0x00, 0x00};
    const Packet p = decode(request);
    EXPECT_EQ(p.kind, Kind::private_use);
    EXPECT_EQ(p.mode, Mode::private_use);
    EXPECT_EQ(p.version, 2);
    EXPECT_FALSE(p.header_complete);
    EXPECT_EQ(decode(test::first(request, 1)).kind, Kind::private_use);
}

TEST(Header, PollAndPrecisionAreSignedPowersOfTwo) {
    const Packet p = decode(PacketBuilder().poll(-2).precision(-6).bytes());
    EXPECT_EQ(p.poll, -2);
    EXPECT_DOUBLE_EQ(p.poll_seconds(), 0.25);
    EXPECT_DOUBLE_EQ(decode(PacketBuilder().poll(10).bytes()).poll_seconds(), 1024.0);
}

TEST(Header, IgnoresBytesPastASmallerWireLength) {
    auto bytes = PacketBuilder().mode(4).mac(7, 16).bytes();
    const Packet p = decode(bytes, 48);
    EXPECT_EQ(p.kind, Kind::ntp);
    EXPECT_EQ(p.captured, 48u);
    EXPECT_EQ(p.auth, Auth::none);
}

TEST(Header, ShortFormatConvertsSixteenDotSixteen) {
    EXPECT_DOUBLE_EQ(short_to_seconds(0x00010000), 1.0);
    EXPECT_DOUBLE_EQ(short_to_seconds(0x00000001), 1.0 / 65536);
    EXPECT_DOUBLE_EQ(short_to_seconds(0xffff0000), 65535.0);
}

}  // namespace
}  // namespace ntpscope::ntp
