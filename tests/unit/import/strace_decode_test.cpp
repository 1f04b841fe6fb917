#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/timex.h>

#include <limits>

#include "core/import/strace/args.hpp"
#include "core/import/strace/decode.hpp"

namespace ntpscope::import::strace {
namespace {

// Parses the argument list of `call` ("name(args) = ret").
struct Parsed {
    explicit Parsed(std::string_view call) {
        size_t open = call.find('(');
        auto end = tree.parse(call.substr(open + 1));
        EXPECT_TRUE(end) << call;
        ok = end.has_value();
    }
    ArgTree tree;
    bool ok = false;
};

TEST(StraceArgs, ModernRecvmsg) {
    Parsed p(R"(recvmsg(19<UDP:[10.206.6.2:123]>, {msg_name={sa_family=AF_INET, sin_port=htons(123), sin_addr=inet_addr("\x31\x30\x2e\x32\x30\x36\x2e\x36\x2e\x31")}, msg_namelen=28 => 16, msg_iov=[{iov_base="\x24\x05", iov_len=4168}], msg_iovlen=1, msg_control=[{cmsg_len=32, cmsg_level=SOL_SOCKET, cmsg_type=SO_TIMESTAMPNS_OLD, cmsg_data={tv_sec=1795718773, tv_nsec=532467429}}], msg_controllen=32, msg_flags=0}, 0) = 48)");
    ASSERT_TRUE(p.ok);
    const ArgTree& t = p.tree;
    EXPECT_EQ(t[t.arg(0)].text, "19");
    EXPECT_EQ(t[t.arg(0)].decoration, "UDP:[10.206.6.2:123]");
    int32_t msg = t.arg(1);
    ASSERT_TRUE(t.is(msg, NodeKind::structure));
    EXPECT_EQ(t[t.field(msg, "msg_namelen")].text, "16");  // the value after "=>"
    Event e;
    Decoder d(t);
    ASSERT_TRUE(d.msghdr(msg, e));
    EXPECT_EQ(e.addr, SockAddr::v4(0x0ace0601, 123));
    EXPECT_EQ(e.data, (std::vector<uint8_t>{0x24, 0x05}));
    EXPECT_EQ(e.rx_time, 1795718773532467429);
    EXPECT_EQ(t.arg(3), -1);
}

TEST(StraceArgs, Strace4Recvmsg) {
    // The seed's own line, with a plausible address in place of [CUT].
    Parsed p(R"(recvmsg(22, {msg_name(16)={sa_family=AF_INET, sin_port=htons(123), sin_addr=inet_addr("10.1.1.51")}, msg_iov(1)=[{"$\2\n\354"..., 1092}], msg_controllen=32, {cmsg_len=32, cmsg_level=SOL_SOCKET, cmsg_type=0x1d /* SCM_??? */, ...}, msg_flags=0}, 0) = 68)");
    ASSERT_TRUE(p.ok);
    Event e;
    Decoder d(p.tree);
    ASSERT_TRUE(d.msghdr(p.tree.arg(1), e));
    EXPECT_EQ(e.addr, SockAddr::v4(0x0a010133, 123));
    EXPECT_EQ(e.data, (std::vector<uint8_t>{'$', 2, '\n', 0354}));
    EXPECT_FALSE(e.rx_time);  // strace 4.5 did not decode SCM_TIMESTAMP
    int32_t iov = p.tree.field(p.tree.arg(1), "msg_iov");
    EXPECT_TRUE(p.tree[p.tree.child(p.tree.child(iov, 0), 0)].truncated);
}

TEST(StraceArgs, ChronyControlMessages) {
    Parsed p(R"(recvmmsg(4, [{msg_hdr={msg_name={sa_family=AF_INET, sin_port=htons(123), sin_addr=inet_addr("10.206.6.1")}, msg_namelen=112 => 16, msg_iov=[{iov_base="\x24", iov_len=1252}], msg_iovlen=1, msg_control=[{cmsg_len=64, cmsg_level=SOL_SOCKET, cmsg_type=SO_TIMESTAMPING_OLD, cmsg_data=[{tv_sec=0, tv_nsec=0}, {tv_sec=0, tv_nsec=0}, {tv_sec=1795718853, tv_nsec=750492630}]}, {cmsg_len=28, cmsg_level=SOL_IP, cmsg_type=IP_PKTINFO, cmsg_data={ipi_ifindex=if_nametoindex("eth0"), ipi_spec_dst=inet_addr("10.206.6.3"), ipi_addr=inet_addr("10.206.6.3")}}], msg_controllen=96, msg_flags=0}, msg_len=48}], 16, 0, NULL) = 1)");
    ASSERT_TRUE(p.ok);
    Event e;
    Decoder d(p.tree);
    int32_t hdr = p.tree.field(p.tree.child(p.tree.arg(1), 0), "msg_hdr");
    ASSERT_TRUE(d.msghdr(hdr, e));
    EXPECT_EQ(e.rx_time, 1795718853750492630);  // the software stamp is 0: the raw hardware one
    ASSERT_TRUE(e.dst);
    EXPECT_EQ(e.dst->ip_string(), "10.206.6.3");
    EXPECT_EQ(e.dst->port, 0);
}

TEST(StraceArgs, Ipv6Pktinfo) {
    // Newer strace versions decode it; 6.1 prints only cmsg_type=0x32.
    Parsed p(R"(recvmsg(5, {msg_name={sa_family=AF_INET6, sin6_port=htons(123), sin6_flowinfo=htonl(0), inet_pton(AF_INET6, "fd00::51", &sin6_addr), sin6_scope_id=0}, msg_namelen=28, msg_iov=[{iov_base="$", iov_len=1024}], msg_iovlen=1, msg_control=[{cmsg_len=36, cmsg_level=SOL_IPV6, cmsg_type=IPV6_PKTINFO, cmsg_data={ipi6_addr=inet_pton(AF_INET6, "ff02::101"), ipi6_ifindex=if_nametoindex("eth0")}}], msg_controllen=40, msg_flags=0}, 0) = 1)");
    Event e;
    Decoder d(p.tree);
    ASSERT_TRUE(d.msghdr(p.tree.arg(1), e));
    ASSERT_TRUE(e.dst);
    EXPECT_EQ(e.dst->ip_string(), "ff02::101");
    Parsed bare(R"(recvmsg(5, {msg_name=NULL, msg_namelen=0, msg_iov=[{iov_base="$", iov_len=1024}], msg_iovlen=1, msg_control=[{cmsg_len=36, cmsg_level=SOL_IPV6, cmsg_type=0x32}], msg_controllen=40, msg_flags=0}, 0) = 1)");
    Event none;
    Decoder db(bare.tree);
    ASSERT_TRUE(db.msghdr(bare.tree.arg(1), none));
    EXPECT_FALSE(none.dst);
    EXPECT_FALSE(none.addr);
}

TEST(StraceArgs, VerboseAndIpv6Addresses) {
    Parsed verbose(R"(bind(3, {sa_family=0x2 /* AF_INET */, sin_port="\x30\x39" /* htons(12345) */, sin_addr="\x7f\x00\x00\x01" /* inet_addr("127.0.0.1") */}, 16) = 0)");
    Decoder dv(verbose.tree);
    EXPECT_EQ(dv.sockaddr(verbose.tree.arg(1)), SockAddr::v4(0x7f000001, 12345));

    Parsed v6(R"(sendto(5, "", 0, 0, {sa_family=AF_INET6, sin6_port=htons(123), sin6_flowinfo=htonl(0), inet_pton(AF_INET6, "\x66\x64\x30\x36\x3a\x3a\x31", &sin6_addr), sin6_scope_id=0}, 28) = 0)");
    Decoder d6(v6.tree);
    auto addr = d6.sockaddr(v6.tree.arg(4));
    ASSERT_TRUE(addr);
    EXPECT_EQ(addr->to_string(), "[fd06::1]:123");

    Parsed unix_addr(R"(connect(3, {sa_family=AF_UNIX, sun_path="/dev/log"}, 110) = -1 ENOENT (No such file))");
    Decoder du(unix_addr.tree);
    EXPECT_FALSE(du.sockaddr(unix_addr.tree.arg(1)));
}

TEST(StraceArgs, Timex) {
    Parsed modern("clock_adjtime(CLOCK_REALTIME, {modes=ADJ_OFFSET|ADJ_MAXERROR|ADJ_ESTERROR|ADJ_STATUS|ADJ_TIMECONST, offset=-12, freq=-1262345, maxerror=16, esterror=16, status=STA_PLL|STA_NANO, constant=4, precision=1, tolerance=32768000, time={tv_sec=1795718750, tv_usec=430640}, tick=10000, ppsfreq=0, jitter=0, shift=0, stabil=0, jitcnt=0, calcnt=0, errcnt=0, stbcnt=0, tai=37}) = 0 (TIME_OK)");
    Decoder d(modern.tree);
    auto tx = d.timex(modern.tree.arg(1));
    ASSERT_TRUE(tx);
    EXPECT_EQ(tx->modes, uint32_t{ADJ_OFFSET | ADJ_MAXERROR | ADJ_ESTERROR | ADJ_STATUS | ADJ_TIMECONST});
    EXPECT_EQ(tx->offset, -12);
    EXPECT_EQ(tx->freq, -1262345);
    EXPECT_EQ(tx->status, STA_PLL | STA_NANO);
    EXPECT_EQ(tx->constant, 4);
    EXPECT_EQ(tx->time_sec, 1795718750);
    EXPECT_EQ(tx->time_usec, 430640);
    EXPECT_EQ(tx->tai, 37);

    Parsed old("adjtimex({modes=ADJ_OFFSET_SINGLESHOT, offset=-1500, freq=0, maxerror=0, esterror=0, status=STA_UNSYNC, constant=0, precision=1, tolerance=32768000, time={1314359273, 600000}, tick=10000, ppsfreq=0, jitter=0, shift=0, stabil=0, jitcnt=0, calcnt=0, errcnt=0, stbcnt=0}) = 5 (TIME_ERROR)");
    Decoder d4(old.tree);
    auto tx4 = d4.timex(old.tree.arg(0));
    ASSERT_TRUE(tx4);
    EXPECT_EQ(tx4->modes, uint32_t{ADJ_OFFSET_SINGLESHOT});
    EXPECT_EQ(tx4->time_sec, 1314359273);
    EXPECT_EQ(tx4->time_usec, 600000);
    EXPECT_EQ(tx4->status, STA_UNSYNC);

    Parsed pointer("adjtimex(0x7ffd1234) = -1 EFAULT (Bad address)");
    Decoder dp(pointer.tree);
    EXPECT_FALSE(dp.timex(pointer.tree.arg(0)));
}

TEST(StraceArgs, TimeBeyondNanosecondsIsNoTime) {
    // Found by the strace_line fuzzer: tv_sec * 1e9 overflowed (undefined behaviour) into a
    // made-up receive time.
    Parsed far(R"(recvmsg(19<UDP:[10.206.6.2:123]>, {msg_name={sa_family=AF_INET, sin_port=htons(123), sin_addr=inet_addr("10.206.6.1")}, msg_namelen=28 => 16, msg_iov=[{iov_base="\x24\x05", iov_len=4168}], msg_iovlen=1, msg_control=[{cmsg_len=32, cmsg_level=SOL_SOCKET, cmsg_type=SO_TIMESTAMPNS_OLD, cmsg_data={tv_sec=17957200828, tv_nsec=532467429}}], msg_controllen=32, msg_flags=0}, 0) = 48)");
    ASSERT_TRUE(far.ok);
    Event e;
    Decoder d(far.tree);
    ASSERT_TRUE(d.msghdr(far.tree.arg(1), e));
    EXPECT_FALSE(e.rx_time);
    Parsed settime("clock_settime(CLOCK_REALTIME, {tv_sec=9223372036, tv_nsec=854775808}) = 0");
    EXPECT_FALSE(Decoder(settime.tree).time_value(settime.tree.arg(1), 1));
    Parsed latest("clock_settime(CLOCK_REALTIME, {tv_sec=9223372036, tv_nsec=854775807}) = 0");
    EXPECT_EQ(Decoder(latest.tree).time_value(latest.tree.arg(1), 1), std::numeric_limits<int64_t>::max());
}

TEST(StraceArgs, SetsockoptValues) {
    auto opt = [](std::string_view call, int32_t level, int32_t name) {
        Parsed p(call);
        Decoder d(p.tree);
        return d.sockopt(level, name, p.tree.arg(3));
    };
    EXPECT_EQ(opt("setsockopt(16, SOL_SOCKET, SO_TIMESTAMPNS_OLD, [1], 4) = 0", SOL_SOCKET, 35).value, 1);
    auto mreq = opt(R"(setsockopt(3, SOL_IP, IP_ADD_MEMBERSHIP, {imr_multiaddr=inet_addr("224.0.1.1"), imr_interface=inet_addr("127.0.0.1")}, 8) = 0)",
                    SOL_IP, IP_ADD_MEMBERSHIP);
    ASSERT_TRUE(mreq.group && mreq.iface);
    EXPECT_EQ(mreq.group->ip_string(), "224.0.1.1");
    EXPECT_EQ(mreq.iface->ip_string(), "127.0.0.1");
    auto mreqn = opt(R"(setsockopt(3, SOL_IP, IP_DROP_MEMBERSHIP, {imr_multiaddr=inet_addr("224.0.1.1"), imr_address=inet_addr("0.0.0.0"), imr_ifindex=if_nametoindex("lo")}, 12) = 0)",
                     SOL_IP, IP_DROP_MEMBERSHIP);
    EXPECT_EQ(mreqn.group->ip_string(), "224.0.1.1");
    auto v6 = opt(R"(setsockopt(5, SOL_IPV6, IPV6_ADD_MEMBERSHIP, {inet_pton(AF_INET6, "ff02::101", &ipv6mr_multiaddr), ipv6mr_interface=if_nametoindex("lo")}, 20) = 0)",
                  SOL_IPV6, IPV6_ADD_MEMBERSHIP);
    ASSERT_TRUE(v6.group);
    EXPECT_EQ(v6.group->ip_string(), "ff02::101");
    // strace 4.x: the raw ip_mreq
    auto raw = opt(R"(setsockopt(23, SOL_IP, IP_ADD_MEMBERSHIP, "\340\0\1\1\n\1\1\n", 8) = 0)", SOL_IP, IP_ADD_MEMBERSHIP);
    ASSERT_TRUE(raw.group && raw.iface);
    EXPECT_EQ(raw.group->ip_string(), "224.0.1.1");
    EXPECT_EQ(raw.iface->ip_string(), "10.1.1.10");
}

TEST(StraceArgs, FdDecorations) {
    auto udp = decode_fd_decoration("UDP:[10.206.6.3:34361->10.206.6.1:123]");
    ASSERT_TRUE(udp && udp->socket);
    EXPECT_EQ(udp->info.family, AF_INET);
    EXPECT_EQ(udp->info.type, SOCK_DGRAM);
    EXPECT_EQ(udp->info.local.to_string(), "10.206.6.3:34361");
    EXPECT_EQ(udp->info.remote.to_string(), "10.206.6.1:123");

    auto group = decode_fd_decoration("UDP:[224.0.1.1:123]");
    EXPECT_EQ(group->info.local.to_string(), "224.0.1.1:123");
    EXPECT_FALSE(group->info.remote.present());

    auto v6 = decode_fd_decoration("UDPv6:[[fe80::1]:123->[fe80::2]:123]");
    EXPECT_EQ(v6->info.family, AF_INET6);
    EXPECT_EQ(v6->info.remote.to_string(), "[fe80::2]:123");

    auto inode = decode_fd_decoration("socket:[12345]");
    ASSERT_TRUE(inode && inode->socket);
    EXPECT_EQ(inode->info.id, 12345u);
    EXPECT_EQ(inode->info.family, 0);
    EXPECT_EQ(decode_fd_decoration("UDPv6:[21834]")->info.id, 21834u);
    EXPECT_EQ(decode_fd_decoration("NETLINK:[ROUTE:4242]")->info.id, 4242u);
    EXPECT_EQ(decode_fd_decoration("NETLINK:[ROUTE:4242]")->info.family, AF_NETLINK);

    EXPECT_FALSE(decode_fd_decoration("/etc/ntp.conf")->socket);
    EXPECT_FALSE(decode_fd_decoration("pipe:[77]")->socket);
    EXPECT_FALSE(decode_fd_decoration(""));
}

TEST(StraceArgs, MalformedListsFail) {
    ArgTree tree;
    EXPECT_FALSE(tree.parse("3, {a=1, b=[2, 3}, 4) = 0"));
    EXPECT_FALSE(tree.parse("3, \"unterminated) = 0"));
    EXPECT_FALSE(tree.parse("3, {a=1"));
    EXPECT_FALSE(tree.parse(std::string(1000, '[')));  // deeper than any real output
    EXPECT_TRUE(tree.parse("[HUP INT QUIT], ~[RTMIN RT_1], NULL, 8) = 0"));
    EXPECT_EQ(tree[tree.arg(0)].kind, NodeKind::array);
    EXPECT_EQ(tree[tree.child(tree.arg(0), 0)].text, "HUP INT QUIT");
    EXPECT_EQ(tree[tree.arg(1)].text, "~[RTMIN RT_1]");
}

}  // namespace
}  // namespace ntpscope::import::strace
