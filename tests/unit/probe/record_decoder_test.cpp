#include "probe/record_decoder.hpp"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/timex.h>

#include <cstring>
#include <vector>

#include "ntpscope_abi.h"
#include "raw_record.hpp"

using namespace ntpscope;

using test::make_record;
using test::recvmsg_event;
using test::timestampns_cmsg;

TEST(RecordDecoder, DecodesDatagramWithSocketPeerPayloadAndKernelTime) {
    ntps_event ev = recvmsg_event();
    std::vector<uint8_t> payload(48, 0);
    payload[0] = 0x25;  // v4, mode 5
    auto ctrl = timestampns_cmsg(1700000000, 123);
    ev.caplen = payload.size();
    ev.extra_kind = NTPS_EXTRA_CONTROL;
    ev.extra_len = ctrl.size();

    Event e;
    ASSERT_TRUE(probe::decode_record(make_record(ev, payload, ctrl), probe::ClockMapping{1'000}, e));
    EXPECT_EQ(e.syscall, Syscall::recvmsg);
    EXPECT_EQ(e.t, 5'000'001'000);
    EXPECT_EQ(e.mono, 5'000'000'000);
    EXPECT_EQ(e.pid, 100u);
    EXPECT_EQ(e.tid, 101u);
    EXPECT_EQ(e.comm, "ntpd");
    EXPECT_EQ(e.fd, 18);
    EXPECT_EQ(e.err, 0);
    ASSERT_TRUE(e.sock);
    EXPECT_EQ(e.sock->local.to_string(), "224.0.1.1:123");
    EXPECT_FALSE(e.sock->remote.present());
    EXPECT_EQ(e.sock->id, 4242u);
    ASSERT_TRUE(e.addr);
    EXPECT_EQ(e.addr->to_string(), "10.1.0.51:123");
    EXPECT_EQ(e.data, payload);
    EXPECT_EQ(e.rx_time, 1700000000LL * 1'000'000'000 + 123);
}

TEST(RecordDecoder, NegativeReturnBecomesErrno) {
    ntps_event ev = recvmsg_event();
    ev.ret = -EAGAIN;
    ev.addr_len = 0;
    Event e;
    ASSERT_TRUE(probe::decode_record(make_record(ev, {}, {}), {}, e));
    EXPECT_EQ(e.err, EAGAIN);
    EXPECT_EQ(e.ret, -EAGAIN);
    EXPECT_FALSE(e.addr);
    EXPECT_TRUE(e.data.empty());
}

TEST(RecordDecoder, ClockAdjtimeCarriesClockIdTimexAndState) {
    ntps_event ev{};
    ev.call = NTPS_CLOCK_ADJTIME;
    ev.ret = TIME_ERROR;
    ev.fd = -1;
    ev.arg0 = 0;
    timex tx{};
    tx.modes = ADJ_OFFSET | ADJ_STATUS;
    tx.offset = -1500;
    tx.status = STA_PLL | STA_NANO;
    std::vector<uint8_t> raw(sizeof tx);
    std::memcpy(raw.data(), &tx, sizeof tx);
    ev.extra_kind = NTPS_EXTRA_TIMEX;
    ev.extra_len = raw.size();
    Event e;
    ASSERT_TRUE(probe::decode_record(make_record(ev, {}, raw), {}, e));
    EXPECT_EQ(e.err, 0) << "a clock state is not an error";
    EXPECT_EQ(e.ret, TIME_ERROR);
    EXPECT_EQ(e.clock, 0);
    ASSERT_TRUE(e.timex);
    EXPECT_EQ(e.timex->modes, static_cast<uint32_t>(ADJ_OFFSET | ADJ_STATUS));
    EXPECT_EQ(e.timex->offset, -1500);
    EXPECT_EQ(e.timex->status, STA_PLL | STA_NANO);
}

TEST(RecordDecoder, RejectsRecordsShorterThanTheirOwnLengths) {
    ntps_event ev = recvmsg_event();
    ev.caplen = 48;
    auto r = make_record(ev, std::vector<uint8_t>(48), {});
    Event e;
    for (size_t cut : {size_t{0}, sizeof ev - 1, sizeof ev + 47})
        EXPECT_FALSE(probe::decode_record(std::span<const uint8_t>(r.data(), cut), {}, e)) << cut;
    ev.call = NTPS_CALL_COUNT;
    EXPECT_FALSE(probe::decode_record(make_record(ev, std::vector<uint8_t>(48), {}), {}, e));
    ev.call = NTPS_RECVMSG;
    ev.caplen = NTPS_MAX_SNAPLEN + 1;
    EXPECT_FALSE(probe::decode_record(make_record(ev, std::vector<uint8_t>(NTPS_MAX_SNAPLEN + 1), {}), {}, e));
}

TEST(RecordDecoder, ConnectedSocketKeepsItsRemoteIpv6) {
    ntps_event ev = recvmsg_event();
    ev.call = NTPS_SENDMSG;
    ev.addr_len = 0;
    ev.sock.family = AF_INET6;
    std::memset(ev.sock.local_ip, 0, 16);
    inet_pton(AF_INET6, "fd00::2", ev.sock.local_ip);
    inet_pton(AF_INET6, "fd00::1", ev.sock.remote_ip);
    ev.sock.local_port = 40000;
    ev.sock.remote_port = 123;
    Event e;
    ASSERT_TRUE(probe::decode_record(make_record(ev, {}, {}), {}, e));
    EXPECT_EQ(e.sock->local.to_string(), "[fd00::2]:40000");
    EXPECT_EQ(e.sock->remote.to_string(), "[fd00::1]:123");
}
