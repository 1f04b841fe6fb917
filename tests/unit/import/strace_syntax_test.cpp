#include <gtest/gtest.h>

#include "core/import/strace/line.hpp"
#include "core/import/strace/syntax.hpp"

namespace ntpscope::import::strace {
namespace {

std::vector<uint8_t> bytes(std::string_view body) {
    std::vector<uint8_t> out;
    EXPECT_TRUE(unescape(body, out)) << body;
    return out;
}

TEST(StraceSyntax, Integers) {
    EXPECT_EQ(parse_int("123"), 123);
    EXPECT_EQ(parse_int("-1"), -1);
    EXPECT_EQ(parse_int("0x1d"), 29);
    EXPECT_EQ(parse_int("00000000"), 0);
    EXPECT_FALSE(parse_int("12a"));
    EXPECT_FALSE(parse_int(""));
    EXPECT_FALSE(parse_int("0x"));
}

TEST(StraceSyntax, EscapesOfEveryStraceMode) {
    // -xx
    EXPECT_EQ(bytes("\\x1c\\x02\\x03\\xec"), (std::vector<uint8_t>{0x1c, 0x02, 0x03, 0xec}));
    // default: octal with minimal digits, three when a digit follows
    EXPECT_EQ(bytes("\\34\\2\\3\\354"), (std::vector<uint8_t>{0x1c, 0x02, 0x03, 0xec}));
    EXPECT_EQ(bytes("\\0001"), (std::vector<uint8_t>{0x00, '1'}));
    EXPECT_EQ(bytes("#\\0\\0 "), (std::vector<uint8_t>{'#', 0, 0, ' '}));
    EXPECT_EQ(bytes("\\n\\t\\r\\v\\f\\\\\\\""), (std::vector<uint8_t>{'\n', '\t', '\r', '\v', '\f', '\\', '"'}));
    std::vector<uint8_t> out;
    EXPECT_FALSE(unescape("\\x", out));
    EXPECT_FALSE(unescape("abc\\", out));
    EXPECT_FALSE(unescape("\\9", out));
    EXPECT_FALSE(unescape("\\777", out));
}

TEST(StraceSyntax, Seconds) {
    EXPECT_EQ(parse_seconds("1314359273.745092"), 1314359273745092000);
    EXPECT_EQ(parse_seconds("0.000123"), 123000);
    EXPECT_EQ(parse_seconds("5.123456789"), 5123456789);
    EXPECT_EQ(parse_seconds("12"), 12'000'000'000);
    EXPECT_FALSE(parse_seconds("1.1234567890"));
    EXPECT_FALSE(parse_seconds("1."));
    EXPECT_FALSE(parse_seconds("-1.0"));
}

TEST(StraceLine, PidPrefixesAndTimestamps) {
    LineHead a = split_head("[pid  1234] 11:47:53.745092 recvmsg(22, ...) = 68");
    EXPECT_EQ(a.tid, 1234u);
    EXPECT_EQ(a.time_kind, TimeKind::time_of_day);
    EXPECT_EQ(a.time, (11 * 3600 + 47 * 60 + 53) * 1'000'000'000LL + 745092000);
    EXPECT_EQ(a.body, "recvmsg(22, ...) = 68");

    LineHead b = split_head("15479 18:49:10.072454 sendto(19, \"\", 0) = 0");
    EXPECT_EQ(b.tid, 15479u);
    EXPECT_EQ(b.time_kind, TimeKind::time_of_day);

    LineHead c = split_head("10757<ntpd>      0.000169 sendto(21) = 48");
    EXPECT_EQ(c.tid, 10757u);
    EXPECT_EQ(c.comm, "ntpd");
    EXPECT_EQ(c.time_kind, TimeKind::relative);
    EXPECT_EQ(c.time, 169000);

    LineHead d = split_head("1795718793.531918 --- SIGALRM {si_signo=SIGALRM} ---");
    EXPECT_FALSE(d.tid);
    EXPECT_EQ(d.time_kind, TimeKind::epoch);
    EXPECT_EQ(d.time, 1795718793531918000);
    EXPECT_EQ(d.body, "--- SIGALRM {si_signo=SIGALRM} ---");

    LineHead e = split_head("11:47:53 recvmsg(22, 0x0, 0) = -1 EAGAIN (x)");
    EXPECT_FALSE(e.tid);
    EXPECT_EQ(e.time, (11 * 3600 + 47 * 60 + 53) * 1'000'000'000LL);

    // --timestamps=unix,s: a bare number too big to be a pid
    LineHead f = split_head("1795718793 close(3) = 0");
    EXPECT_FALSE(f.tid);
    EXPECT_EQ(f.time_kind, TimeKind::epoch);

    LineHead g = split_head("     0.000046 recvmsg(21) = -1 EAGAIN (x)");
    EXPECT_EQ(g.time_kind, TimeKind::relative);

    // -i instruction pointer, -n syscall number, [pid N<comm>] from -Y
    EXPECT_EQ(split_head("[00007f1c2e3a4b5c] close(3) = 0").body, "close(3) = 0");
    EXPECT_EQ(split_head("[pid 77<ntpd>] [ 47] recvmsg(3) = 0").comm, "ntpd");
    EXPECT_EQ(split_head("[pid 77<ntpd>] [ 47] recvmsg(3) = 0").body, "recvmsg(3) = 0");

    LineHead plain = split_head("recvmsg(3) = 0");
    EXPECT_FALSE(plain.tid);
    EXPECT_EQ(plain.time_kind, TimeKind::none);
}

TEST(StraceLine, Results) {
    auto ok = parse_result(" = 68");
    ASSERT_TRUE(ok);
    EXPECT_EQ(ok->ret, 68);
    EXPECT_EQ(ok->err, 0);

    auto again = parse_result("   = -1 EAGAIN (Resource temporarily unavailable) <0.000008>");
    ASSERT_TRUE(again);
    EXPECT_EQ(again->ret, -1);
    EXPECT_EQ(again->err, EAGAIN);
    EXPECT_EQ(again->duration, 8000);  // -T

    auto state = parse_result(" = 5 (TIME_ERROR)");
    ASSERT_TRUE(state);
    EXPECT_EQ(state->ret, 5);
    EXPECT_EQ(state->err, 0);
    EXPECT_EQ(state->duration, 0);

    auto fd = parse_result(" = 3<UDP:[10.206.6.3:34361->10.206.6.1:123]> <0.000018>");
    ASSERT_TRUE(fd);
    EXPECT_EQ(fd->ret, 3);
    EXPECT_EQ(fd->decoration, "UDP:[10.206.6.3:34361->10.206.6.1:123]");

    auto gone = parse_result(" = ? ERESTARTNOHAND (To be restarted if no handler)");
    ASSERT_TRUE(gone);
    EXPECT_FALSE(gone->complete);
    EXPECT_EQ(gone->err, 514);

    EXPECT_FALSE(parse_result(" 68"));
    EXPECT_FALSE(parse_result(" = abc"));
}

TEST(StraceLine, HexDumpLines) {
    std::string_view row = " | 00000  23 00 00 20 00 00 00 00  00 00 00 00 00 00 00 00  #.. ............ |";
    std::string_view last = " | 00040  00 00 00 04                                       ....             |";
    EXPECT_EQ(dump_line_kind(row), DumpLine::bytes);
    EXPECT_EQ(dump_line_kind(" * 48 bytes in buffer 0"), DumpLine::buffer);
    EXPECT_EQ(dump_line_kind(" = 1 buffers in vector 1"), DumpLine::vector);
    EXPECT_EQ(dump_vector_index(" = 1 buffers in vector 1"), 1u);
    EXPECT_EQ(dump_line_kind(" | x"), DumpLine::none);
    EXPECT_EQ(dump_line_kind("recvmsg(3) = 0"), DumpLine::none);
    std::vector<uint8_t> out;
    EXPECT_TRUE(dump_bytes(row, out));
    EXPECT_TRUE(dump_bytes(last, out));
    ASSERT_EQ(out.size(), 20u);
    EXPECT_EQ(out[0], 0x23);
    EXPECT_EQ(out[3], 0x20);
    EXPECT_EQ(out[19], 0x04);
}

}  // namespace
}  // namespace ntpscope::import::strace
