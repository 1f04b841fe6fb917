// ntpd 4.2.8's `b` reach register, replayed on its 1-s timer. The timeline is the one a
// classic multicast client shows in the lab: a server multicasting every 8 s at .700, the
// client's timer ticking at .300, a start-up exchange of four requests 2 s apart.
#include <gtest/gtest.h>

#include "core/analysis/ntpd_timer_reach.hpp"

namespace ntpscope::analysis {
namespace {

constexpr int64_t kStart = 1'796'000'000'000'000'000;
constexpr int64_t kMs = 1'000'000;
int64_t at(double seconds) { return kStart + static_cast<int64_t>(seconds * 1000) * kMs; }

// The first mode-5 packet creates the association; its timer then sends the start-up exchange
// (answered 4 ms later) until the association is fit, and it only listens from then on.
NtpdTimerReach started_client() {
    NtpdTimerReach r;
    r.broadcast(at(0.7), 3, true);
    for (double s : {2.301, 4.301, 6.301, 8.301}) {
        r.request(at(s));
        r.reply(at(s + 0.004), 3, true);
    }
    return r;
}

TEST(NtpdTimerReach, TheStartUpExchangeSetsOneBitThatTheBurstNeverShifts) {
    NtpdTimerReach r = started_client();
    // The 8.7 s packet came within 5 s of a reply while calibrating: ntpd dropped it.
    r.broadcast(at(8.7), 3, true);
    EXPECT_EQ(r.value_at(at(15.9)), 01);
    // The burst's silent polls end at 12 s; the guard time and the headway of four sends put the
    // first shift at 16 s, before the 16.7 s packet is handled.
    r.broadcast(at(16.7), 3, true);
    EXPECT_EQ(r.value_at(at(17.0)), 03);
}

TEST(NtpdTimerReach, ShiftsTwoSecondsAfterEachPacketOnceSteady) {
    NtpdTimerReach r = started_client();
    for (double s : {8.7, 16.7, 24.7}) r.broadcast(at(s), 3, true);
    EXPECT_EQ(r.value_at(at(25.0)), 03);  // 24.7 fell before the 26 s shift: same bit as 16.7
    EXPECT_EQ(r.value_at(at(26.5)), 06);
    r.broadcast(at(32.7), 3, true);
    EXPECT_EQ(r.value_at(at(32.8)), 07);
    EXPECT_EQ(r.value_at(at(34.5)), 016);  // what ntpq shows between 34 s and the next packet
    for (int i = 5; i <= 12; ++i) r.broadcast(at(0.7 + 8 * i), 3, true);
    EXPECT_EQ(r.value_at(at(97.0)), 0377);
    EXPECT_EQ(r.value_at(at(98.5)), 0376);
}

TEST(NtpdTimerReach, AMissedPacketLeavesAZeroAndSilenceEmptiesTheRegister) {
    NtpdTimerReach r = started_client();
    for (int i = 1; i <= 12; ++i)
        if (i != 10) r.broadcast(at(0.7 + 8 * i), 3, true);
    EXPECT_EQ(r.value_at(at(98.5)), 0366);  // the 80.7 s packet never came
    EXPECT_EQ(r.value_at(at(98.5 + 8 * 8)), 0);
}

TEST(NtpdTimerReach, AnUnsynchronisedPacketDoesNotReach) {
    NtpdTimerReach r = started_client();
    r.broadcast(at(16.7), 3, true);
    r.broadcast(at(24.7), 3, false);  // leap 3: ntpd takes it in but does not mark it reached
    EXPECT_EQ(r.value_at(at(26.5)), 06);
}

TEST(NtpdTimerReach, NoRequestNoTimerPhase) {
    NtpdTimerReach r;
    for (int i = 0; i < 100; ++i) r.broadcast(at(0.7 + 8 * i), 3, true);
    EXPECT_FALSE(r.value_at(at(900)).has_value());
}

TEST(NtpdTimerReach, ARestartForgetsTheOldAssociation) {
    NtpdTimerReach r = started_client();
    r.broadcast(at(16.7), 3, true);
    r.restart();
    EXPECT_FALSE(r.value_at(at(17.0)).has_value());
}

TEST(NtpdTimerReach, ALongLifeKeepsTheSameRegisterAfterOldPacketsAreFolded) {
    NtpdTimerReach r = started_client();
    // A day at 8 s, one packet missed late: far more packets than are kept for replay.
    const int packets = 86400 / 8;
    for (int i = 1; i <= packets; ++i)
        if (i != packets - 3) r.broadcast(at(0.7 + 8 * i), 3, true);
    EXPECT_EQ(r.value_at(at(0.7 + 8 * packets + 0.1)), 0367);
}

}  // namespace
}  // namespace ntpscope::analysis
