#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <linux/time_types.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <cstring>
#include <vector>

#include "core/kabi/kabi.hpp"
#include "raw_bytes.hpp"

namespace ntpscope::kabi {
namespace {

constexpr int64_t kSec = 1'700'000'000;
constexpr int64_t kNs = 1'000'000'000;

// Builds msg_control the way the kernel fills it: CMSG_SPACE per message, walked with
// CMSG_FIRSTHDR / CMSG_NXTHDR.
class ControlBuffer {
public:
    template <class T>
    ControlBuffer& add(int level, int type, const T& payload) {
        return add_raw(level, type, &payload, sizeof payload);
    }

    ControlBuffer& add_raw(int level, int type, const void* payload, size_t size) {
        const size_t at = buf_.size();
        buf_.resize(at + CMSG_SPACE(size), 0);
        cmsghdr hdr{};
        hdr.cmsg_len = CMSG_LEN(size);
        hdr.cmsg_level = level;
        hdr.cmsg_type = type;
        std::memcpy(buf_.data() + at, &hdr, sizeof hdr);
        std::memcpy(buf_.data() + at + CMSG_LEN(0), payload, size);
        return *this;
    }

    // The bytes as recvmsg reports them (msg_controllen), checked with libc's own walker.
    std::vector<uint8_t> bytes() const {
        std::vector<uint8_t> copy = buf_;
        msghdr msg{};
        msg.msg_control = copy.data();
        msg.msg_controllen = copy.size();
        size_t seen = 0;
        for (cmsghdr* c = CMSG_FIRSTHDR(&msg); c != nullptr; c = CMSG_NXTHDR(&msg, c)) ++seen;
        EXPECT_GT(seen, 0u);
        return buf_;
    }

    std::vector<uint8_t>& raw() { return buf_; }

private:
    std::vector<uint8_t> buf_;
};

timespec ts(int64_t sec, int64_t nsec) {
    timespec t{};
    t.tv_sec = sec;
    t.tv_nsec = nsec;
    return t;
}

in_pktinfo pktinfo(const char* dst, const char* spec_dst) {
    in_pktinfo info{};
    info.ipi_ifindex = 3;
    inet_pton(AF_INET, dst, &info.ipi_addr);
    inet_pton(AF_INET, spec_dst, &info.ipi_spec_dst);
    return info;
}

TEST(Control, ScmTimestampIsATimeval) {
    timeval tv{};
    tv.tv_sec = kSec;
    tv.tv_usec = 250'000;
    const auto info = decode_control(ControlBuffer().add(SOL_SOCKET, SO_TIMESTAMP_OLD, tv).bytes());
    EXPECT_EQ(info.rx_time, kSec * kNs + 250'000'000);
    EXPECT_FALSE(info.dst);
}

TEST(Control, ScmTimestampNsIsATimespec) {
    const auto info =
        decode_control(ControlBuffer().add(SOL_SOCKET, SCM_TIMESTAMPNS, ts(kSec, 123'456'789)).bytes());
    EXPECT_EQ(info.rx_time, kSec * kNs + 123'456'789);
}

TEST(Control, ScmTimestampingPrefersTheSoftwareStamp) {
    const timespec three[3] = {ts(kSec, 1), ts(0, 0), ts(kSec, 999)};
    const auto info = decode_control(ControlBuffer().add(SOL_SOCKET, SCM_TIMESTAMPING, three).bytes());
    EXPECT_EQ(info.rx_time, kSec * kNs + 1);
}

TEST(Control, ScmTimestampingFallsBackToTheHardwareStamp) {
    const timespec three[3] = {ts(0, 0), ts(0, 0), ts(kSec, 999)};
    const auto info = decode_control(ControlBuffer().add(SOL_SOCKET, SCM_TIMESTAMPING, three).bytes());
    EXPECT_EQ(info.rx_time, kSec * kNs + 999);
}

TEST(Control, ScmTimestampingWithoutAnyStampHasNoTime) {
    const timespec three[3] = {};
    EXPECT_FALSE(decode_control(ControlBuffer().add(SOL_SOCKET, SCM_TIMESTAMPING, three).bytes()).rx_time);
}

TEST(Control, NewTimestampVariantsUseKernelTimeTypes) {
    __kernel_sock_timeval tv{};
    tv.tv_sec = kSec;
    tv.tv_usec = 7;
    EXPECT_EQ(decode_control(ControlBuffer().add(SOL_SOCKET, SO_TIMESTAMP_NEW, tv).bytes()).rx_time,
              kSec * kNs + 7'000);

    __kernel_timespec kts{};
    kts.tv_sec = kSec;
    kts.tv_nsec = 8;
    EXPECT_EQ(decode_control(ControlBuffer().add(SOL_SOCKET, SO_TIMESTAMPNS_NEW, kts).bytes()).rx_time,
              kSec * kNs + 8);

    __kernel_timespec three[3] = {};
    three[2].tv_sec = kSec;
    three[2].tv_nsec = 9;
    EXPECT_EQ(decode_control(ControlBuffer().add(SOL_SOCKET, SO_TIMESTAMPING_NEW, three).bytes()).rx_time,
              kSec * kNs + 9);
}

TEST(Control, IpPktinfoGivesTheHeaderDestinationNotTheLocalAddress) {
    const auto info = decode_control(
        ControlBuffer().add(IPPROTO_IP, IP_PKTINFO, pktinfo("224.0.1.1", "10.0.0.5")).bytes());
    ASSERT_TRUE(info.dst);
    EXPECT_EQ(info.dst->to_string(), "224.0.1.1:0");
}

TEST(Control, Ipv6PktinfoGivesTheDestination) {
    in6_pktinfo info6{};
    inet_pton(AF_INET6, "ff05::101", &info6.ipi6_addr);
    info6.ipi6_ifindex = 2;
    const auto info = decode_control(ControlBuffer().add(IPPROTO_IPV6, IPV6_PKTINFO, info6).bytes());
    ASSERT_TRUE(info.dst);
    EXPECT_EQ(info.dst->to_string(), "[ff05::101]:0");
}

TEST(Control, ChronyStyleBufferYieldsTimeAndDestination) {
    const timespec three[3] = {ts(kSec, 42), ts(0, 0), ts(0, 0)};
    const auto info = decode_control(ControlBuffer()
                                         .add(IPPROTO_IP, IP_PKTINFO, pktinfo("10.0.0.1", "10.0.0.1"))
                                         .add(SOL_SOCKET, SCM_TIMESTAMPING, three)
                                         .bytes());
    EXPECT_EQ(info.rx_time, kSec * kNs + 42);
    ASSERT_TRUE(info.dst);
    EXPECT_EQ(info.dst->ip_string(), "10.0.0.1");
}

TEST(Control, FirstTimestampWins) {
    const auto info = decode_control(ControlBuffer()
                                         .add(SOL_SOCKET, SCM_TIMESTAMPNS, ts(kSec, 1))
                                         .add(SOL_SOCKET, SCM_TIMESTAMPNS, ts(kSec, 2))
                                         .bytes());
    EXPECT_EQ(info.rx_time, kSec * kNs + 1);
}

TEST(Control, SkipsUnknownMessages) {
    const int ttl = 64;
    const auto info = decode_control(ControlBuffer()
                                         .add(IPPROTO_IP, IP_TTL, ttl)
                                         .add(SOL_SOCKET, SCM_TIMESTAMPNS, ts(kSec, 5))
                                         .bytes());
    EXPECT_EQ(info.rx_time, kSec * kNs + 5);
}

TEST(Control, PayloadTooShortForItsTypeIsSkippedNotRead) {
    const int64_t half = kSec;  // 8 bytes where a timespec needs 16
    const auto info = decode_control(ControlBuffer()
                                         .add(SOL_SOCKET, SCM_TIMESTAMPNS, half)
                                         .add(IPPROTO_IP, IP_PKTINFO, pktinfo("10.0.0.9", "10.0.0.9"))
                                         .bytes());
    EXPECT_FALSE(info.rx_time);
    ASSERT_TRUE(info.dst);
    EXPECT_EQ(info.dst->ip_string(), "10.0.0.9");
}

TEST(Control, OutOfRangeNanosecondsAreNotATime) {
    EXPECT_FALSE(decode_control(ControlBuffer().add(SOL_SOCKET, SCM_TIMESTAMPNS, ts(kSec, kNs)).bytes())
                     .rx_time);
}

void set_cmsg_len(std::vector<uint8_t>& buf, size_t at, size_t len) {
    std::memcpy(buf.data() + at + offsetof(cmsghdr, cmsg_len), &len, sizeof len);
}

TEST(Control, StopsAtALengthShorterThanTheHeader) {
    for (size_t bad_len : {size_t{0}, size_t{1}, CMSG_LEN(0) - 1}) {
        ControlBuffer b;
        b.add(SOL_SOCKET, SCM_TIMESTAMPNS, ts(kSec, 1)).add(IPPROTO_IP, IP_PKTINFO, pktinfo("10.0.0.1", "10.0.0.1"));
        set_cmsg_len(b.raw(), CMSG_SPACE(sizeof(timespec)), bad_len);
        const auto info = decode_control(b.raw());
        EXPECT_EQ(info.rx_time, kSec * kNs + 1) << bad_len;  // the message before is kept
        EXPECT_FALSE(info.dst) << bad_len;
    }
}

TEST(Control, StopsAtALengthPastTheBuffer) {
    ControlBuffer b;
    b.add(SOL_SOCKET, SCM_TIMESTAMPNS, ts(kSec, 1));
    set_cmsg_len(b.raw(), 0, b.raw().size() + 1);
    EXPECT_FALSE(decode_control(b.raw()).rx_time);
    set_cmsg_len(b.raw(), 0, SIZE_MAX);
    EXPECT_FALSE(decode_control(b.raw()).rx_time);
}

TEST(Control, EveryTruncationOfTheBufferIsSafe) {
    const auto full = ControlBuffer()
                          .add(SOL_SOCKET, SCM_TIMESTAMPNS, ts(kSec, 3))
                          .add(IPPROTO_IP, IP_PKTINFO, pktinfo("10.0.0.2", "10.0.0.2"))
                          .bytes();
    const size_t first_len = CMSG_LEN(sizeof(timespec));
    const size_t second_end = CMSG_SPACE(sizeof(timespec)) + CMSG_LEN(sizeof(in_pktinfo));
    for (size_t n = 0; n <= full.size(); ++n) {
        const auto info = decode_control(test::first(full, n));
        EXPECT_EQ(info.rx_time.has_value(), n >= first_len) << n;
        EXPECT_EQ(info.dst.has_value(), n >= second_end) << n;
    }
}

TEST(Control, EmptyBufferHasNothing) {
    const auto info = decode_control({});
    EXPECT_FALSE(info.rx_time);
    EXPECT_FALSE(info.dst);
}

}  // namespace
}  // namespace ntpscope::kabi
