#include <gtest/gtest.h>

#include "core/ntp/packet.hpp"
#include "packet_builder.hpp"

namespace ntpscope::ntp {
namespace {

using test::PacketBuilder;

TEST(Refid, StratumOneShowsTheClockNameInDots) {
    EXPECT_EQ(refid_string(decode(PacketBuilder().mode(4).stratum(1).refid("GPS").bytes())),
              ".GPS.");
    EXPECT_EQ(refid_string(decode(PacketBuilder().mode(4).stratum(1).refid("PPS1").bytes())),
              ".PPS1.");
}

TEST(Refid, LowerStrataShowTheUpstreamAsDottedQuad) {
    const Packet p = decode(PacketBuilder().mode(4).stratum(2).refid(0xc0a8010a).bytes());
    EXPECT_EQ(refid_string(p), "192.168.1.10");
    EXPECT_FALSE(p.kiss_code);
    // Text in a stratum-3 refid is still an address.
    EXPECT_EQ(refid_string(decode(PacketBuilder().stratum(3).refid("LOCL").bytes())),
              "76.79.67.76");
}

TEST(Refid, NonTextAtStratumOneAndUnsynchronisedStrataShowAsHex) {
    EXPECT_EQ(refid_string(decode(PacketBuilder().mode(4).stratum(1).refid(0x01020304).bytes())),
              "0x01020304");
    EXPECT_EQ(refid_string(decode(PacketBuilder().mode(4).stratum(16).refid(0x7f000001).bytes())),
              "0x7f000001");
    // Text after a NUL is binary, not a code.
    EXPECT_EQ(refid_string(decode(PacketBuilder().stratum(1).refid(0x41004200).bytes())),
              "0x41004200");
}

TEST(Refid, KissRateAndDenyAreKissesOfDeath) {
    for (const char* code : {"RATE", "DENY", "RSTR"}) {
        const Packet p = decode(PacketBuilder().mode(4).stratum(0).refid(code).bytes());
        ASSERT_TRUE(p.kiss_code) << code;
        EXPECT_EQ(*p.kiss_code, code);
        EXPECT_TRUE(p.is_kiss());
        EXPECT_TRUE(p.is_kiss_of_death()) << code;
        EXPECT_EQ(refid_string(p), code);
    }
}

TEST(Refid, EveryRfcKissCodeIsRecognised) {
    for (const char* code : {"ACST", "AUTH", "AUTO", "BCST", "CRYP", "DENY", "DROP", "RSTR",
                             "INIT", "MCST", "NKEY", "NTSN", "RATE", "RMOT", "STEP"}) {
        const Packet p = decode(PacketBuilder().mode(4).stratum(0).refid(code).bytes());
        EXPECT_EQ(p.kiss_code, code);
    }
}

TEST(Refid, InitFromAServerIsAKissButNotOfDeath) {
    const Packet p = decode(PacketBuilder().mode(4).stratum(0).refid("INIT").bytes());
    EXPECT_TRUE(p.is_kiss());
    EXPECT_FALSE(p.is_kiss_of_death());
}

TEST(Refid, UnsynchronisedClientRequestIsNoKiss) {
    const Packet p = decode(PacketBuilder().mode(3).stratum(0).refid("INIT").bytes());
    EXPECT_FALSE(p.kiss_code);
    EXPECT_EQ(refid_string(p), ".INIT.");
}

TEST(Refid, StratumZeroWithBinaryRefidIsNoKiss) {
    const Packet p = decode(PacketBuilder().mode(4).stratum(0).refid(0x00000000).bytes());
    EXPECT_FALSE(p.kiss_code);
    EXPECT_EQ(refid_string(p), "0x00000000");
    EXPECT_FALSE(decode(PacketBuilder().mode(4).stratum(0).refid(0x52415407).bytes()).kiss_code);
}

TEST(Refid, ControlAndGarbageHaveNoRefid) {
    EXPECT_EQ(refid_string(decode(test::ControlBuilder().bytes())), "");
    EXPECT_EQ(refid_string(decode(PacketBuilder().version(0).stratum(1).refid("GPS").bytes())), "");
}

}  // namespace
}  // namespace ntpscope::ntp
