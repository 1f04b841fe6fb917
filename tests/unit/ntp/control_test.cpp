#include <gtest/gtest.h>

#include "core/ntp/packet.hpp"
#include "packet_builder.hpp"

namespace ntpscope::ntp {
namespace {

using test::ControlBuilder;

TEST(Control, DecodesAReadVariablesRequest) {
    ControlBuilder req;
    req.opcode = 2;
    req.sequence = 0x1234;
    req.association_id = 0xbeef;
    const Packet p = decode(req.bytes());
    EXPECT_EQ(p.kind, Kind::control);
    EXPECT_EQ(p.mode, Mode::control);
    EXPECT_EQ(p.version, 2);
    EXPECT_FALSE(p.control.response);
    EXPECT_FALSE(p.control.error);
    EXPECT_FALSE(p.control.more);
    EXPECT_EQ(p.control.opcode, 2);
    EXPECT_EQ(p.control.sequence, 0x1234);
    EXPECT_EQ(p.control.association_id, 0xbeef);
    EXPECT_EQ(p.control.count, 0);
    EXPECT_FALSE(p.header_complete);  // the 48-byte header does not apply to mode 6
    EXPECT_FALSE(p.trailer_truncated);
}

TEST(Control, DecodesAFragmentedResponse) {
    ControlBuilder resp;
    resp.version = 4;
    resp.response = true;
    resp.more = true;
    resp.opcode = 1;  // read status
    resp.sequence = 7;
    resp.status = 0x0618;
    resp.offset = 468;
    resp.data = 100;
    const Packet p = decode(resp.bytes());
    EXPECT_EQ(p.kind, Kind::control);
    EXPECT_TRUE(p.control.response);
    EXPECT_TRUE(p.control.more);
    EXPECT_FALSE(p.control.error);
    EXPECT_EQ(p.control.opcode, 1);
    EXPECT_EQ(p.control.status, 0x0618);
    EXPECT_EQ(p.control.offset, 468);
    EXPECT_EQ(p.control.count, 100);
}

TEST(Control, DecodesTheErrorBit) {
    ControlBuilder resp;
    resp.response = true;
    resp.error = true;
    resp.opcode = 0x1f;
    const Packet p = decode(resp.bytes());
    EXPECT_TRUE(p.control.error);
    EXPECT_FALSE(p.control.more);
    EXPECT_EQ(p.control.opcode, 0x1f);
}

TEST(Control, CountLongerThanTheDatagramIsNotNtp) {
    ControlBuilder resp;
    resp.data = 16;
    EXPECT_EQ(decode(resp.bytes_with_count(16)).kind, Kind::control);
    EXPECT_EQ(decode(resp.bytes_with_count(17)).kind, Kind::not_ntp);
}

TEST(Control, CountAboveTheProtocolMaximumIsNotNtp) {
    ControlBuilder resp;
    resp.data = 480;
    EXPECT_EQ(decode(resp.bytes_with_count(468)).kind, Kind::control);
    EXPECT_EQ(decode(resp.bytes_with_count(469)).kind, Kind::not_ntp);
}

TEST(Control, UncapturedDataMarksTheTrailerTruncated) {
    ControlBuilder resp;
    resp.response = true;
    resp.data = 200;
    const auto bytes = resp.bytes();
    const Packet p = decode(test::first(bytes, 40), bytes.size());
    EXPECT_EQ(p.kind, Kind::control);
    EXPECT_EQ(p.control.count, 200);
    EXPECT_TRUE(p.trailer_truncated);
}

}  // namespace
}  // namespace ntpscope::ntp
