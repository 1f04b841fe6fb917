// sockaddr, timespec/timeval and timex decoding from real libc structs.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/timex.h>

#include "core/kabi/kabi.hpp"
#include "raw_bytes.hpp"

namespace ntpscope::kabi {
namespace {

TEST(Sockaddr, DecodesIpv4WithNetworkOrderPort) {
    sockaddr_in sin{};
    sin.sin_family = AF_INET;
    sin.sin_port = htons(123);
    inet_pton(AF_INET, "10.0.1.51", &sin.sin_addr);
    const auto a = decode_sockaddr(test::bytes_of(sin));
    ASSERT_TRUE(a);
    EXPECT_EQ(a->to_string(), "10.0.1.51:123");
}

TEST(Sockaddr, DecodesIpv6) {
    sockaddr_in6 sin6{};
    sin6.sin6_family = AF_INET6;
    sin6.sin6_port = htons(40123);
    inet_pton(AF_INET6, "fe80::1", &sin6.sin6_addr);
    const auto bytes = test::bytes_of(sin6);
    EXPECT_EQ(decode_sockaddr(bytes)->to_string(), "[fe80::1]:40123");
    // The RFC 2133 form without sin6_scope_id is still a complete address.
    EXPECT_EQ(decode_sockaddr(test::first(bytes, 24))->to_string(), "[fe80::1]:40123");
}

TEST(Sockaddr, RejectsShortAndForeignAddresses) {
    sockaddr_in sin{};
    sin.sin_family = AF_INET;
    const auto v4 = test::bytes_of(sin);
    for (size_t n = 0; n < sizeof sin; ++n) EXPECT_FALSE(decode_sockaddr(test::first(v4, n))) << n;

    sockaddr_in6 sin6{};
    sin6.sin6_family = AF_INET6;
    const auto v6 = test::bytes_of(sin6);
    for (size_t n = 0; n < 24; ++n) EXPECT_FALSE(decode_sockaddr(test::first(v6, n))) << n;

    sockaddr_storage unix_addr{};
    unix_addr.ss_family = AF_UNIX;
    EXPECT_FALSE(decode_sockaddr(test::bytes_of(unix_addr)));
}

TEST(TimeValues, TimespecAndTimevalBecomeNanoseconds) {
    timespec t{};
    t.tv_sec = 1'700'000'000;
    t.tv_nsec = 123'456'789;
    EXPECT_EQ(decode_timespec(test::bytes_of(t)), 1'700'000'000'123'456'789);

    timeval v{};
    v.tv_sec = 1'700'000'000;
    v.tv_usec = 654'321;
    EXPECT_EQ(decode_timeval(test::bytes_of(v)), 1'700'000'000'654'321'000);
}

TEST(TimeValues, NegativeSecondsArePreserved) {
    timespec t{};
    t.tv_sec = -2;
    t.tv_nsec = 500'000'000;
    EXPECT_EQ(decode_timespec(test::bytes_of(t)), -1'500'000'000);
}

TEST(TimeValues, RejectsOutOfRangeAndShortValues) {
    timespec t{};
    t.tv_nsec = 1'000'000'000;
    EXPECT_FALSE(decode_timespec(test::bytes_of(t)));
    t.tv_nsec = -1;
    EXPECT_FALSE(decode_timespec(test::bytes_of(t)));
    t.tv_nsec = 0;
    t.tv_sec = INT64_MAX / 10;  // does not fit as ns
    EXPECT_FALSE(decode_timespec(test::bytes_of(t)));

    timeval v{};
    v.tv_usec = 1'000'000;
    EXPECT_FALSE(decode_timeval(test::bytes_of(v)));

    const auto ok = test::bytes_of(timespec{});
    for (size_t n = 0; n < ok.size(); ++n) EXPECT_FALSE(decode_timespec(test::first(ok, n))) << n;
}

TEST(Timex, DecodesEveryModelledField) {
    struct timex tx {};
    tx.modes = ADJ_OFFSET | ADJ_STATUS | ADJ_NANO;
    tx.offset = -123'456;
    tx.freq = 65536 * 12;
    tx.maxerror = 16'000;
    tx.esterror = 42;
    tx.status = STA_PLL | STA_NANO;
    tx.constant = 4;
    tx.precision = 1;
    tx.tolerance = 32'768'000;
    tx.time.tv_sec = 1'700'000'000;
    tx.time.tv_usec = 999'999'999;
    tx.tick = 10'000;
    tx.ppsfreq = 77;  // not modelled: must not leak into a neighbour
    tx.shift = 3;
    tx.tai = 37;

    const auto x = decode_timex(test::bytes_of(tx));
    ASSERT_TRUE(x);
    EXPECT_EQ(x->modes, static_cast<uint32_t>(ADJ_OFFSET | ADJ_STATUS | ADJ_NANO));
    EXPECT_EQ(x->offset, -123'456);
    EXPECT_EQ(x->freq, 65536 * 12);
    EXPECT_EQ(x->maxerror, 16'000);
    EXPECT_EQ(x->esterror, 42);
    EXPECT_EQ(x->status, STA_PLL | STA_NANO);
    EXPECT_EQ(x->constant, 4);
    EXPECT_EQ(x->precision, 1);
    EXPECT_EQ(x->tolerance, 32'768'000);
    EXPECT_EQ(x->time_sec, 1'700'000'000);
    EXPECT_EQ(x->time_usec, 999'999'999);
    EXPECT_EQ(x->tick, 10'000);
    EXPECT_EQ(x->tai, 37);
}

TEST(Timex, RejectsAShortCopy) {
    const auto bytes = test::bytes_of(timex{});
    EXPECT_TRUE(decode_timex(bytes));
    EXPECT_FALSE(decode_timex(test::first(bytes, bytes.size() - 1)));
    EXPECT_FALSE(decode_timex({}));
}

}  // namespace
}  // namespace ntpscope::kabi
