#include "ntp_header.hpp"

#include <gtest/gtest.h>

namespace ntplab {
namespace {

TEST(NtpHeader, EncodesFieldsAtTheirRfc5905Offsets) {
    Header h;
    h.leap = 3;
    h.version = 4;
    h.mode = 3;
    h.stratum = 2;
    h.poll = 10;
    h.precision = -20;
    h.refid = 0xC0000201;
    h.transmit = {0xEEB2FC3A, 0x5F97A000};
    const auto b = encode(h);
    EXPECT_EQ(b[0], 0xE3);  // LI 3, VN 4, mode 3
    EXPECT_EQ(b[1], 2);
    EXPECT_EQ(b[2], 10);
    EXPECT_EQ(b[3], 0xEC);  // -20
    EXPECT_EQ(b[12], 0xC0);
    EXPECT_EQ(b[15], 0x01);
    EXPECT_EQ(b[40], 0xEE);
    EXPECT_EQ(b[47], 0x00);
    EXPECT_EQ(b[46], 0xA0);
}

TEST(NtpHeader, DecodeReadsBackWhatEncodeWrote) {
    Header h;
    h.mode = 5;
    h.poll = -3;
    h.precision = -24;
    h.root_delay = 0x290;
    h.origin = {1, 2};
    h.receive = {3, 4};
    h.transmit = {5, 6};
    const auto b = encode(h);
    const auto d = decode(b);
    ASSERT_TRUE(d.has_value());
    EXPECT_EQ(d->mode, 5);
    EXPECT_EQ(d->version, 4);
    EXPECT_EQ(d->poll, -3);
    EXPECT_EQ(d->precision, -24);
    EXPECT_EQ(d->root_delay, 0x290u);
    EXPECT_EQ(d->origin, (NtpTime{1, 2}));
    EXPECT_EQ(d->receive, (NtpTime{3, 4}));
    EXPECT_EQ(d->transmit, (NtpTime{5, 6}));
}

TEST(NtpHeader, DecodeRejectsAShortPacket) {
    const std::array<uint8_t, 47> short_packet{};
    EXPECT_FALSE(decode(short_packet).has_value());
}

TEST(NtpTime, ConvertsBetweenUnixAndNtpEras) {
    const timespec epoch_and_a_half{0, 500000000};
    const NtpTime t = to_ntp(epoch_and_a_half);
    EXPECT_EQ(t.seconds, 2208988800u);
    EXPECT_EQ(t.fraction, 0x80000000u);
    const timespec back = from_ntp(t);
    EXPECT_EQ(back.tv_sec, 0);
    EXPECT_EQ(back.tv_nsec, 500000000);
    EXPECT_DOUBLE_EQ(seconds_between(timespec{10, 250000000}, timespec{8, 750000000}), 1.5);
}

}  // namespace
}  // namespace ntplab
