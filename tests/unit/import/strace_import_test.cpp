// The strace importer on small logs written by the tests, one format feature at a time.
#include <gtest/gtest.h>
#include <sys/socket.h>

#include <cstdlib>
#include <ctime>

#include "core/import/strace/import.hpp"
#include "core/model/error.hpp"
#include "import_test_support.hpp"

namespace ntpscope::test {
namespace {

constexpr int64_t kSecond = 1'000'000'000;
constexpr int64_t kDate = 1314316800LL * kSecond;  // 2011-08-26 00:00:00 UTC

RecordingSink import(const TempDir& dir, const std::string& text, ReadOptions options = {},
                 const std::string& name = "log.strace") {
    std::string path = dir.write(name, text);
    RecordingSink collected;
    import::strace::read_strace(path, collected, options);
    return collected;
}

ReadOptions on_date() {
    ReadOptions options;
    options.date = kDate;
    return options;
}

// The warnings about skipped lines (logs without timestamps also get one about that).
std::vector<std::string> skipped(const RecordingSink& c) {
    std::vector<std::string> out;
    for (const std::string& w : c.warnings)
        if (w.find("skipped") != std::string::npos) out.push_back(w);
    return out;
}

class StraceImport : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        setenv("TZ", "UTC", 1);
        tzset();
    }
    TempDir dir;
};

TEST_F(StraceImport, HeaderFooterAndTimeOfDay) {
    auto c = import(dir,
                    "11:47:53.745092 sendto(3, \"\\x23\", 1, 0, {sa_family=AF_INET, sin_port=htons(123), "
                    "sin_addr=inet_addr(\"10.1.1.51\")}, 16) = 1\n",
                    on_date());
    ASSERT_TRUE(c.header && c.footer);
    EXPECT_EQ(c.header->source, "strace");
    ASSERT_EQ(c.events.size(), 1u);
    const Event& e = c.events[0];
    EXPECT_EQ(e.t, kDate + (11 * 3600 + 47 * 60 + 53) * kSecond + 745092000);
    EXPECT_EQ(c.header->start, e.t);
    EXPECT_EQ(c.footer->events, 1u);
    EXPECT_EQ(c.footer->end, e.t);
    EXPECT_EQ(e.syscall, Syscall::sendto);
    EXPECT_EQ(e.fd, 3);
    EXPECT_EQ(e.addr, SockAddr::v4(0x0a010133, 123));
    EXPECT_EQ(e.len, 1u);
    EXPECT_EQ(e.data, std::vector<uint8_t>{0x23});
    EXPECT_EQ(e.mono, 0);
    EXPECT_TRUE(c.warnings.empty());
}

TEST_F(StraceImport, MidnightWrapsToTheNextDay) {
    auto c = import(dir,
                    "23:59:59 close(3) = 0\n"
                    "23:59:59 socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP) = 3\n"
                    "00:00:01 close(3) = 0\n"
                    "00:00:00 socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP) = 3\n",
                    on_date());
    ASSERT_EQ(c.events.size(), 3u);  // the first close is of a file: no socket, no event
    EXPECT_EQ(c.events[0].t, kDate + 86399 * kSecond);
    EXPECT_EQ(c.events[1].t, kDate + 86400 * kSecond + 1 * kSecond);
    EXPECT_EQ(c.events[2].t, kDate + 86400 * kSecond);  // a small step back is not another day
}

TEST_F(StraceImport, DateFromModificationTime) {
    std::string path = dir.write("mtime.strace", "23:50:00 socket(AF_INET, SOCK_DGRAM, 0) = 3\n"
                                                 "00:10:00 socket(AF_INET, SOCK_DGRAM, 0) = 4\n");
    set_mtime(path, kDate + 86400 * kSecond + 11 * 60 * kSecond);  // written at 00:11 the next day
    RecordingSink c;
    import::strace::read_strace(path, c, {});
    ASSERT_EQ(c.events.size(), 2u);
    // The first line is later in the day than the mtime: it was the day before.
    EXPECT_EQ(c.events[0].t, kDate + (23 * 3600 + 50 * 60) * kSecond);
    EXPECT_EQ(c.events[1].t, kDate + 86400 * kSecond + 10 * 60 * kSecond);
}

TEST_F(StraceImport, RelativeTimesEndAtModificationTime) {
    std::string path = dir.write("r.strace", "     0.000000 socket(AF_INET, SOCK_DGRAM, 0) = 3\n"
                                             "     1.500000 --- SIGALRM {si_signo=SIGALRM} ---\n"
                                             "     0.250000 close(3) = 0\n");
    set_mtime(path, kDate + 100 * kSecond);
    RecordingSink c;
    import::strace::read_strace(path, c, {});
    ASSERT_EQ(c.events.size(), 2u);
    EXPECT_EQ(c.events[1].t, kDate + 100 * kSecond);
    EXPECT_EQ(c.events[1].t - c.events[0].t, 1750 * kSecond / 1000);
}

TEST_F(StraceImport, EpochTimesAndDurations) {
    auto c = import(dir, "1314359273.745092 close(3<UDP:[0.0.0.0:123]>) = 0 <0.000012>\n");
    ASSERT_EQ(c.events.size(), 1u);
    EXPECT_EQ(c.events[0].t, 1314359273745104000);  // -T: the call returned 12 us after it began
    ASSERT_TRUE(c.events[0].sock);
    EXPECT_EQ(c.events[0].sock->local.to_string(), "0.0.0.0:123");
}

TEST_F(StraceImport, NoTimestampsIsSaid) {
    auto c = import(dir, "socket(AF_INET, SOCK_DGRAM, 0) = 3\n");
    ASSERT_EQ(c.events.size(), 1u);
    EXPECT_EQ(c.events[0].t, 0);
    ASSERT_EQ(c.warnings.size(), 1u);
    EXPECT_NE(c.warnings[0].find("no timestamps"), std::string::npos);
}

TEST_F(StraceImport, CutStringsKeepWhatTheyHaveAndTheRealLength) {
    auto c = import(dir,
                    "11:47:53 recvmsg(22, {msg_name(16)={sa_family=AF_INET, sin_port=htons(123), "
                    "sin_addr=inet_addr(\"10.1.1.51\")}, msg_iov(1)=[{\"$\\2\\n\\354\\0\\0\\0\\0\"..., 1092}], "
                    "msg_controllen=0, msg_flags=0}, 0) = 68\n",
                    on_date());
    ASSERT_EQ(c.events.size(), 1u);
    const Event& e = c.events[0];
    EXPECT_EQ(e.len, 68u);
    EXPECT_EQ(e.data.size(), 8u);
    EXPECT_TRUE(e.truncated());
    EXPECT_EQ(mode_of(e), 4);
}

TEST_F(StraceImport, Recvfrom) {
    auto c = import(dir,
                    "11:47:53 recvfrom(3<UDP:[127.0.0.1:12345]>, \"\\xe3\\x00\\x06\\xec\", 1024, MSG_DONTWAIT, "
                    "{sa_family=AF_INET, sin_port=htons(123), sin_addr=inet_addr(\"127.0.0.1\")}, [16]) = 4\n",
                    on_date());
    ASSERT_EQ(c.events.size(), 1u);
    const Event& e = c.events[0];
    EXPECT_EQ(e.syscall, Syscall::recvfrom);
    EXPECT_EQ(e.addr->to_string(), "127.0.0.1:123");
    EXPECT_EQ(e.data, (std::vector<uint8_t>{0xe3, 0x00, 0x06, 0xec}));
    EXPECT_EQ(e.flags, uint32_t{MSG_DONTWAIT});
    EXPECT_EQ(e.sock->local.to_string(), "127.0.0.1:12345");
}

TEST_F(StraceImport, FailedCallsCarryErrnoAndNoData) {
    auto c = import(dir,
                    "11:47:53 recvmsg(22, {msg_namelen=28}, 0) = -1 EAGAIN (Resource temporarily unavailable)\n"
                    "11:47:53 recvmsg(22, 0x7ffd0000, 0) = -1 EAGAIN (Resource temporarily unavailable)\n"
                    "11:47:53 sendto(5, \"\\x23\\x00\", 48, 0, NULL, 0) = -1 ENETUNREACH (Network is unreachable)\n",
                    on_date());
    ASSERT_EQ(c.events.size(), 3u);
    for (int i = 0; i < 2; ++i) {
        EXPECT_EQ(c.events[i].ret, -EAGAIN);  // as the kernel returned it
        EXPECT_EQ(c.events[i].err, EAGAIN);
        EXPECT_TRUE(c.events[i].data.empty());
        EXPECT_EQ(c.events[i].len, 0u);
    }
    EXPECT_EQ(c.events[2].err, ENETUNREACH);
    EXPECT_EQ(c.events[2].len, 48u);  // what it tried to send
    EXPECT_EQ(c.events[2].data.size(), 2u);
}

TEST_F(StraceImport, UnfinishedAndResumedCallsJoin) {
    auto c = import(dir,
                    "[pid  4242] 11:47:53.100000 recvmsg(5,  <unfinished ...>\n"
                    "[pid  4243] 11:47:53.100010 close(6 <unfinished ...>\n"
                    "[pid  4243] 11:47:53.100020 <... close resumed>) = 0\n"
                    "[pid  4242] 11:47:53.100030 <... recvmsg resumed> {msg_name(16)={sa_family=AF_INET, "
                    "sin_port=htons(123), sin_addr=inet_addr(\"10.1.1.51\")}, msg_iov(1)=[{\"\\x24\", 1092}], "
                    "msg_controllen=0, msg_flags=0}, 0) = 1\n"
                    "[pid  4242] 11:47:53.200000 recvmsg(5,  <unfinished ...>\n"
                    "[pid  4242] 11:47:53.300000 <... recvmsg resumed> <unfinished ...>) = ?\n",
                    on_date());
    ASSERT_EQ(c.events.size(), 1u);  // close(6) is of an unknown fd; the last call never returned
    const Event& e = c.events[0];
    EXPECT_EQ(e.syscall, Syscall::recvmsg);
    EXPECT_EQ(e.tid, 4242u);
    EXPECT_EQ(e.t, kDate + (11 * 3600 + 47 * 60 + 53) * kSecond + 100030000);  // when it returned
    EXPECT_EQ(e.addr, SockAddr::v4(0x0a010133, 123));
    EXPECT_TRUE(c.warnings.empty());
}

TEST_F(StraceImport, FdsGetIdentitiesFromTheSocketLifeCycle) {
    auto c = import(dir,
                    "socket(AF_INET, SOCK_DGRAM|SOCK_CLOEXEC, IPPROTO_UDP) = 4\n"
                    "fcntl(4, F_DUPFD, 16) = 16\n"
                    "close(4) = 0\n"
                    "bind(16, {sa_family=AF_INET, sin_port=htons(123), sin_addr=inet_addr(\"10.0.0.5\")}, 16) = 0\n"
                    "dup2(16, 30) = 30\n"
                    "connect(30, {sa_family=AF_INET, sin_port=htons(123), sin_addr=inet_addr(\"10.0.0.1\")}, 16) = 0\n"
                    "sendto(16, \"\\x23\", 1, 0, NULL, 0) = 1\n"
                    "close(16) = 0\n"
                    "sendto(16, \"\\x23\", 1, 0, NULL, 0) = 1\n"
                    "socket(AF_INET, SOCK_DGRAM, 0) = 7\n"
                    "getsockname(7, {sa_family=AF_INET, sin_port=htons(40000), sin_addr=inet_addr(\"0.0.0.0\")}, [16]) = 0\n"
                    "sendto(7, \"\\x23\", 1, 0, NULL, 0) = 1\n");
    auto sends = of(c, Syscall::sendto);
    ASSERT_EQ(sends.size(), 3u);
    ASSERT_TRUE(sends[0].sock);
    EXPECT_EQ(sends[0].sock->family, AF_INET);
    EXPECT_EQ(sends[0].sock->type, SOCK_DGRAM);
    EXPECT_EQ(sends[0].sock->local.to_string(), "10.0.0.5:123");
    EXPECT_FALSE(sends[0].sock->remote.present());  // the connect was on the duplicate, fd 30
    EXPECT_FALSE(sends[1].sock);                     // fd 16 was closed
    EXPECT_EQ(sends[2].sock->local.to_string(), "0.0.0.0:40000");
    auto connects = of(c, Syscall::connect);
    ASSERT_EQ(connects.size(), 1u);
    EXPECT_EQ(connects[0].sock->remote.to_string(), "10.0.0.1:123");
    EXPECT_EQ(connects[0].sock->local.to_string(), "10.0.0.5:123");  // inherited by dup2
    EXPECT_EQ(of(c, Syscall::close).size(), 2u);  // of fd 4 and fd 16, both sockets
}

TEST_F(StraceImport, DecorationsNameSocketsAndWin) {
    auto c = import(dir,
                    "socket(AF_INET, SOCK_DGRAM, IPPROTO_IP) = 3<UDP:[52335]>\n"
                    "bind(3<UDP:[52335]>, {sa_family=AF_INET, sin_port=htons(0), sin_addr=inet_addr(\"0.0.0.0\")}, 16) = 0\n"
                    "sendto(3<UDP:[10.0.0.5:41000]>, \"\\x23\", 1, 0, NULL, 0) = 1\n"
                    "sendto(9<socket:[777]>, \"\\x23\", 1, 0, NULL, 0) = 1\n"
                    "sendto(10</dev/null>, \"\\x23\", 1, 0, NULL, 0) = 1\n");
    auto sends = of(c, Syscall::sendto);
    ASSERT_EQ(sends.size(), 3u);
    EXPECT_EQ(sends[0].sock->local.to_string(), "10.0.0.5:41000");
    EXPECT_EQ(sends[0].sock->id, 52335u);
    EXPECT_EQ(sends[1].sock->id, 777u);
    EXPECT_EQ(sends[1].sock->family, 0);
    EXPECT_FALSE(sends[2].sock);
}

TEST_F(StraceImport, HexDumpsCompleteCutStrings) {
    auto c = import(dir,
                    "sendto(3, \"\\x23\\x00\\x00\\x20\"..., 20, 0, NULL, 0) = 20\n"
                    " | 00000  23 00 00 20 01 02 03 04  05 06 07 08 09 0a 0b 0c  #.. ............ |\n"
                    " | 00010  0d 0e 0f 10                                       ....             |\n"
                    "sendmmsg(4, [{msg_hdr={msg_name=NULL, msg_namelen=0, msg_iov=[{iov_base=\"\\xe3\"..., iov_len=2}], "
                    "msg_iovlen=1, msg_controllen=0, msg_flags=0}, msg_len=2}, {msg_hdr={msg_name=NULL, msg_namelen=0, "
                    "msg_iov=[{iov_base=\"\\xe4\"..., iov_len=3}], msg_iovlen=1, msg_controllen=0, msg_flags=0}, "
                    "msg_len=3}], 2, 0) = 2\n"
                    " = 1 buffers in vector 0\n"
                    " * 2 bytes in buffer 0\n"
                    " | 00000  e3 01                                             ..               |\n"
                    " = 1 buffers in vector 1\n"
                    " * 3 bytes in buffer 0\n"
                    " | 00000  e4 02 03                                          ...              |\n");
    ASSERT_EQ(c.events.size(), 3u);
    EXPECT_EQ(c.events[0].data.size(), 20u);
    EXPECT_EQ(c.events[0].data[19], 0x10);
    EXPECT_EQ(c.events[1].syscall, Syscall::sendmmsg);
    EXPECT_EQ(c.events[1].msg_index, 0u);
    EXPECT_EQ(c.events[1].data, (std::vector<uint8_t>{0xe3, 0x01}));
    EXPECT_EQ(c.events[2].msg_index, 1u);
    EXPECT_EQ(c.events[2].data, (std::vector<uint8_t>{0xe4, 0x02, 0x03}));
    EXPECT_TRUE(skipped(c).empty());
}

TEST_F(StraceImport, ErrorQueueReadsAreMarked) {
    auto c = import(dir,
                    "recvmmsg(4, [{msg_hdr={msg_name=0x5568c6191670, msg_namelen=112 => 0, msg_iov=[{iov_base=\"\\x2e\", "
                    "iov_len=1252}], msg_iovlen=1, msg_controllen=0, msg_flags=MSG_ERRQUEUE}, msg_len=90}], 16, "
                    "MSG_ERRQUEUE, NULL) = 1\n"
                    "recvmsg(4, {msg_namelen=0}, MSG_DONTWAIT|MSG_ERRQUEUE) = -1 EAGAIN (Resource temporarily unavailable)\n"
                    "recvfrom(4, \"\\x24\", 1092, MSG_DONTWAIT, NULL, NULL) = 1\n");
    ASSERT_EQ(c.events.size(), 3u);
    EXPECT_EQ(c.events[0].flags, uint32_t{MSG_ERRQUEUE});
    EXPECT_EQ(c.events[0].len, 90u);
    EXPECT_EQ(c.events[1].flags, uint32_t{MSG_DONTWAIT | MSG_ERRQUEUE});
    EXPECT_EQ(c.events[2].flags, uint32_t{MSG_DONTWAIT});
    EXPECT_TRUE(skipped(c).empty());
}

TEST_F(StraceImport, ClockCalls) {
    auto c = import(dir,
                    "clock_adjtime(CLOCK_REALTIME, {modes=ADJ_FREQUENCY, offset=0, freq=-65536, maxerror=16, "
                    "esterror=16, status=STA_PLL, constant=4, precision=1, tolerance=32768000, time={tv_sec=1, "
                    "tv_usec=2}, tick=10000, ppsfreq=0, jitter=0, shift=0, stabil=0, jitcnt=0, calcnt=0, errcnt=0, "
                    "stbcnt=0, tai=0}) = 5 (TIME_ERROR)\n"
                    "clock_settime(CLOCK_REALTIME, {tv_sec=1314359274, tv_nsec=500000000}) = 0\n"
                    "settimeofday({tv_sec=1314359274, tv_usec=250000}, NULL) = 0\n"
                    "clock_adjtime(FD_TO_CLOCKID(3), {modes=0, offset=0}) = 0 (TIME_OK)\n");
    ASSERT_EQ(c.events.size(), 4u);
    EXPECT_EQ(c.events[0].syscall, Syscall::clock_adjtime);
    EXPECT_EQ(c.events[0].ret, 5);
    EXPECT_EQ(c.events[0].clock, 0);
    ASSERT_TRUE(c.events[0].timex);
    EXPECT_EQ(c.events[0].timex->freq, -65536);
    EXPECT_EQ(c.events[1].set_time, 1314359274500000000);
    EXPECT_EQ(c.events[1].clock, 0);
    EXPECT_EQ(c.events[2].set_time, 1314359274250000000);
    EXPECT_EQ(c.events[3].clock, (~3 << 3) | 3);
}

TEST_F(StraceImport, ProcessStartAndEnd) {
    auto c = import(dir,
                    "100 execve(\"/usr/sbin/ntpd\", [\"ntpd\", \"-n\"], 0x7ffc /* 20 vars */) = 0\n"
                    "100 clone(child_stack=0x7f, flags=CLONE_VM|CLONE_FS|CLONE_FILES|CLONE_SIGHAND|CLONE_THREAD) = 101\n"
                    "100 socket(AF_INET, SOCK_DGRAM, 0) = 3\n"
                    "101 sendto(3, \"\\x23\", 1, 0, NULL, 0) = 1\n"
                    "101 +++ exited with 0 +++\n"
                    "100 --- SIGTERM {si_signo=SIGTERM, si_code=SI_USER, si_pid=1, si_uid=0} ---\n"
                    "100 +++ killed by SIGTERM +++\n");
    ASSERT_EQ(c.events.size(), 4u);
    EXPECT_EQ(c.events[0].syscall, Syscall::exec);
    EXPECT_EQ(c.events[0].comm, "ntpd");
    EXPECT_EQ(c.events[2].pid, 100u);  // the thread's call belongs to its process
    EXPECT_EQ(c.events[2].tid, 101u);
    ASSERT_TRUE(c.events[2].sock);      // and sees its fd table
    EXPECT_EQ(c.events[2].comm, "ntpd");
    EXPECT_EQ(c.events[3].syscall, Syscall::exit);  // the thread's end is not the process's
    EXPECT_EQ(c.events[3].pid, 100u);
    EXPECT_EQ(c.events[3].ret, 128 + 15);
}

TEST_F(StraceImport, UnprefixedLinesGetThePidOnceKnown) {
    // strace writing to stderr: no prefix while one process is traced.
    auto c = import(dir,
                    "socket(AF_INET, SOCK_DGRAM, 0) = 3\n"
                    "bind(3, {sa_family=AF_INET, sin_port=htons(123), sin_addr=inet_addr(\"10.0.0.5\")}, 16) = 0\n"
                    "clone3({flags=CLONE_VM|CLONE_THREAD, exit_signal=0}strace: Process 501 attached\n"
                    " => {parent_tid=[501]}, 88) = 501\n"
                    "[pid   501] close(9) = 0\n"
                    "[pid   500] sendto(3, \"\\x23\", 1, 0, NULL, 0) = 1\n"
                    "[pid   501] +++ exited with 0 +++\n"
                    "sendto(3, \"\\x23\", 1, 0, NULL, 0) = 1\n");
    ASSERT_EQ(c.events.size(), 4u);
    for (const Event& e : c.events) EXPECT_EQ(e.pid, 500u) << syscall_name(e.syscall);
    EXPECT_EQ(c.events[3].sock->local.to_string(), "10.0.0.5:123");
    ASSERT_EQ(skipped(c).size(), 1u);  // the clone line cut by strace's message, and its end
    EXPECT_NE(skipped(c)[0].find("2 lines skipped: first at line 3"), std::string::npos);
}

TEST_F(StraceImport, PidFromPerProcessFileName) {
    auto c = import(dir, "socket(AF_INET, SOCK_DGRAM, 0) = 3\n", {}, "trace.2345");
    ASSERT_EQ(c.events.size(), 1u);
    EXPECT_EQ(c.events[0].pid, 2345u);
}

TEST_F(StraceImport, UnknownLinesAreCountedNotFatal) {
    auto c = import(dir,
                    "socket(AF_INET, SOCK_DGRAM, 0) = 3\n"
                    "\n"
                    "this is not strace\n"
                    "pselect6(24, [16 17], NULL, NULL, NULL, NULL) = 1 (in [16])\n"
                    "recvmsg(3, {msg_name=garbage(, 0) = 5\n"
                    "strace: Process 77 detached\n",
                    on_date());
    EXPECT_EQ(c.events.size(), 1u);
    ASSERT_EQ(skipped(c).size(), 1u);
    EXPECT_EQ(skipped(c)[0], dir.file("log.strace") + ": 2 lines skipped: first at line 3");
    EXPECT_TRUE(c.footer);
}

TEST_F(StraceImport, NotStraceIsAnError) {
    std::string path = dir.write("notes.txt", "hello\nworld\n");
    RecordingSink c;
    try {
        import::strace::read_strace(path, c, {});
        FAIL() << "no error";
    } catch (const InputError& e) {
        EXPECT_EQ(std::string(e.what()), path + ":1: not an strace log: no line looks like strace output");
    }
    EXPECT_FALSE(c.header);
    std::string empty = dir.write("empty.strace", "");
    EXPECT_THROW(import::strace::read_strace(empty, c, {}), InputError);
}

}  // namespace
}  // namespace ntpscope::test
