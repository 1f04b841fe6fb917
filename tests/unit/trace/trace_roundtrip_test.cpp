#include <gtest/gtest.h>
#include <simdjson.h>

#include <netinet/in.h>
#include <sys/socket.h>

#include <cerrno>
#include <system_error>

#include "core/model/errno_names.hpp"
#include "trace_test_util.hpp"

namespace ntpscope::test {
namespace {

const TraceFooter kFooter{1'700'000'100'000'000'000, 0, 0};

TraceFooter footer_for(const std::vector<Event>& events) {
    TraceFooter f = kFooter;
    f.events = events.size();
    return f;
}

// Reads back what the writer wrote for these records.
RecordingSink round_trip(const TraceHeader& header, const std::vector<Event>& events, const char* name) {
    TempFile file(name);
    file.write(trace_text(header, events, footer_for(events)));
    return read_back(file);
}

// The JSON object of one line, for checks on the text itself.
simdjson::dom::object parse_line(simdjson::dom::parser& parser, const std::string& line) {
    simdjson::dom::object object;
    EXPECT_EQ(parser.parse(line).get(object), simdjson::SUCCESS) << line;
    return object;
}

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> lines;
    size_t start = 0;
    for (size_t nl; (nl = text.find('\n', start)) != std::string::npos; start = nl + 1)
        lines.push_back(text.substr(start, nl - start));
    EXPECT_EQ(start, text.size()) << "every line ends with a newline";
    return lines;
}

std::string event_line(const Event& event) { return lines_of(trace_text(sample_header(), {event}, {}))[1]; }

TEST(TraceRoundTrip, HeaderWithTargetsSocketsAndHostIp) {
    TraceHeader header = sample_header();
    header.source = "pcap";
    header.host_ip = SockAddr::v4(0x0a000001, 0);
    RecordingSink sink = round_trip(header, {}, "header.trace");
    ASSERT_TRUE(sink.header);
    EXPECT_EQ(*sink.header, header);
    ASSERT_TRUE(sink.footer);
    EXPECT_EQ(*sink.footer, footer_for({}));
    EXPECT_TRUE(sink.warnings.empty());
}

TEST(TraceRoundTrip, HeaderStartsWithFormatAndVersionWhateverTheModelSays) {
    TraceHeader header = sample_header();
    header.version = 7;  // the writer knows only version 2
    header.attach = "socket";
    const std::string text = trace_text(header, {}, {});
    EXPECT_TRUE(text.starts_with(R"({"format":"ntpscope-trace","version":2,"source":"ebpf","attach":"socket",)")) << text;
    EXPECT_TRUE(trace::looks_like_trace(text));
}

TEST(TraceRoundTrip, EverySyscallKindSurvives) {
    std::vector<Event> events;
    for (int i = 0; i < kSyscallCount; ++i) {
        Event ev = sample_recvmsg();
        ev.syscall = static_cast<Syscall>(i);
        events.push_back(ev);
    }
    RecordingSink sink = round_trip(sample_header(), events, "kinds.trace");
    EXPECT_EQ(sink.events, events);
}

TEST(TraceRoundTrip, ManyRandomEventsSurviveExactly) {
    const std::vector<Event> events = random_events(20240611, 5000);
    RecordingSink sink = round_trip(sample_header(), events, "random.trace");
    ASSERT_EQ(sink.events.size(), events.size());
    for (size_t i = 0; i < events.size(); ++i)
        ASSERT_EQ(sink.events[i], events[i]) << "event " << i << ": " << event_line(events[i]);
    EXPECT_TRUE(sink.warnings.empty());
}

TEST(TraceRoundTrip, ClockCallSeenInTheCLibraryKeepsItsOrigin) {
    Event ev;
    ev.t = 7;
    ev.pid = 455;
    ev.comm = "systemd-timesyn";
    ev.syscall = Syscall::settimeofday;
    ev.ret = -1;
    ev.err = 1;
    ev.via = Via::libc;
    ev.set_time = 9;
    EXPECT_NE(event_line(ev).find(R"("via":"libc")"), std::string::npos) << event_line(ev);
    RecordingSink sink = round_trip(sample_header(), {ev}, "via.trace");
    ASSERT_EQ(sink.events.size(), 1u);
    EXPECT_EQ(sink.events[0], ev);
}

TEST(TraceRoundTrip, SocketStateEventsSayWhereTheyCameFrom) {
    Event ev = sample_recvmsg();
    ev.syscall = Syscall::bind;
    ev.via = Via::socket_state;
    EXPECT_NE(event_line(ev).find(R"("via":"socket-state")"), std::string::npos) << event_line(ev);
    RecordingSink sink = round_trip(sample_header(), {ev}, "state.trace");
    ASSERT_EQ(sink.events.size(), 1u);
    EXPECT_EQ(sink.events[0], ev);
}

TEST(TraceRoundTrip, AFormatOneRecordingWasOnTheSyscallPath) {
    TraceHeader header = sample_header();
    header.attach.clear();  // format 1 had no "attach"
    std::string text = trace_text(header, {}, {});
    text.replace(text.find(R"("version":2)"), 11, R"("version":1)");
    TempFile file("v1.trace");
    file.write(text);
    RecordingSink sink = read_back(file);
    ASSERT_TRUE(sink.header);
    EXPECT_EQ(sink.header->attach, "syscall");
    EXPECT_EQ(sink.header->version, 1);
}

TEST(TraceRoundTrip, SuccessfulCallHasOnlyTheAlwaysPresentFields) {
    Event ev;
    ev.t = 5;
    ev.syscall = Syscall::close;
    ev.fd = 3;
    EXPECT_EQ(event_line(ev), R"({"t":5,"mono":0,"pid":0,"tid":0,"comm":"","syscall":"close","fd":3,"ret":0})");
    RecordingSink sink = round_trip(sample_header(), {ev}, "minimal.trace");
    ASSERT_EQ(sink.events.size(), 1u);
    EXPECT_EQ(sink.events[0], ev);
    EXPECT_FALSE(sink.events[0].sock || sink.events[0].addr || sink.events[0].dst || sink.events[0].rx_time ||
                 sink.events[0].clock || sink.events[0].timex || sink.events[0].set_time || sink.events[0].opt);
}

TEST(TraceRoundTrip, RecvmsgWithTimestampAndPktinfoReadsAsDocumented) {
    const std::string line = event_line(sample_recvmsg());
    EXPECT_EQ(line,
              R"({"t":1700000001000000000,"mono":12346678901234,"pid":1234,"tid":1234,"comm":"ntpd",)"
              R"("syscall":"recvmsg","fd":22,"ret":48,)"
              R"("sock":{"family":"inet","type":"dgram","local":"192.168.1.7:123","id":51234},)"
              R"("addr":"192.168.1.51:123","dst":"192.168.1.7","len":48,)"
              R"("data":"240000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000",)"
              R"("rx_time":1700000000999990000})");
}

TEST(TraceRoundTrip, FailedCallNamesErrnoSymbolically) {
    Event ev = sample_recvmsg();
    ev.ret = -1;
    ev.err = EAGAIN;
    ev.addr.reset();
    ev.dst.reset();
    ev.rx_time.reset();
    ev.len = 0;
    ev.data.clear();
    simdjson::dom::parser parser;
    auto object = parse_line(parser, event_line(ev));
    EXPECT_EQ(std::string_view(object["errno"]), "EAGAIN");
    EXPECT_EQ(object["len"].error(), simdjson::NO_SUCH_FIELD);
    EXPECT_EQ(object["data"].error(), simdjson::NO_SUCH_FIELD);
    RecordingSink sink = round_trip(sample_header(), {ev}, "eagain.trace");
    ASSERT_EQ(sink.events.size(), 1u);
    EXPECT_EQ(sink.events[0].err, EAGAIN);
    EXPECT_EQ(sink.events[0], ev);
    ev.err = E2BIG;  // a name with a digit after the E
    EXPECT_EQ(std::string_view(parse_line(parser, event_line(ev))["errno"]), "E2BIG");
    EXPECT_EQ(round_trip(sample_header(), {ev}, "e2big.trace").events.at(0), ev);
}

TEST(TraceRoundTrip, ErrnoWithoutSymbolicNameUsesNumericForm) {
    Event ev = sample_recvmsg();
    ev.err = 4000;
    simdjson::dom::parser parser;
    EXPECT_EQ(std::string_view(parse_line(parser, event_line(ev))["errno"]), "E4000");
    EXPECT_EQ(round_trip(sample_header(), {ev}, "e4000.trace").events.at(0), ev);
}

TEST(TraceRoundTrip, MsgIsWrittenForEveryBatchMessageOnly) {
    Event batch = sample_recvmsg();
    batch.syscall = Syscall::recvmmsg;
    batch.omitted = 3;
    Event single = sample_recvmsg();
    simdjson::dom::parser parser;
    auto object = parse_line(parser, event_line(batch));
    EXPECT_EQ(int64_t(object["msg"]), 0);
    EXPECT_EQ(int64_t(object["omitted"]), 3);
    object = parse_line(parser, event_line(single));
    EXPECT_EQ(object["msg"].error(), simdjson::NO_SUCH_FIELD);
    EXPECT_EQ(object["omitted"].error(), simdjson::NO_SUCH_FIELD);
    batch.msg_index = 5;
    batch.omitted = 0;
    EXPECT_EQ(int64_t(parse_line(parser, event_line(batch))["msg"]), 5);
}

TEST(TraceRoundTrip, Ipv6AndMappedAddressesKeepTheirFamily) {
    Event ev = sample_recvmsg();
    ev.sock->family = AF_INET6;
    ev.sock->local = *SockAddr::parse("[2001:db8::1]:123");
    ev.sock->remote = *SockAddr::parse("[fe80::aa:1]:40000");
    std::array<uint8_t, 16> mapped{};
    mapped[10] = mapped[11] = 0xff;
    mapped[12] = 10;
    mapped[15] = 9;
    ev.addr = SockAddr::v6(mapped, 123);
    ev.dst = *SockAddr::parse_ip("ff02::101");
    simdjson::dom::parser parser;
    auto object = parse_line(parser, event_line(ev));
    EXPECT_EQ(std::string_view(object["sock"]["local"]), "[2001:db8::1]:123");
    EXPECT_EQ(std::string_view(object["sock"]["remote"]), "[fe80::aa:1]:40000");
    EXPECT_EQ(std::string_view(object["sock"]["family"]), "inet6");
    EXPECT_EQ(std::string_view(object["addr"]), "[::ffff:10.0.0.9]:123");
    EXPECT_EQ(std::string_view(object["dst"]), "ff02::101");
    EXPECT_EQ(round_trip(sample_header(), {ev}, "ipv6.trace").events.at(0), ev);
}

TEST(TraceRoundTrip, ClockAdjtimeWithTimex) {
    Event ev;
    ev.t = 1'700'000'002'000'000'000;
    ev.pid = ev.tid = 1234;
    ev.comm = "ntpd";
    ev.syscall = Syscall::clock_adjtime;
    ev.ret = 0;  // TIME_OK
    ev.clock = 0;
    ev.timex = Timex{0x2001, 120'000, -1'234'567, 16000, 500, 0x2001, 4, 1, 32768000, 1'700'000'002, 12345, 10000, 37};
    simdjson::dom::parser parser;
    auto object = parse_line(parser, event_line(ev));
    EXPECT_EQ(int64_t(object["timex"]["freq"]), -1'234'567);
    EXPECT_EQ(int64_t(object["clock"]), 0);
    EXPECT_EQ(round_trip(sample_header(), {ev}, "timex.trace").events.at(0), ev);
}

TEST(TraceRoundTrip, SetsockoptMembership) {
    Event ev = sample_recvmsg();
    ev.syscall = Syscall::setsockopt;
    ev.ret = 0;
    ev.addr.reset();
    ev.dst.reset();
    ev.rx_time.reset();
    ev.data.clear();
    ev.len = 0;
    ev.opt = SockOpt{IPPROTO_IP, IP_ADD_MEMBERSHIP, SockAddr::v4(0xe0000101, 0), SockAddr::v4(0xc0a80107, 0), {}};
    simdjson::dom::parser parser;
    auto object = parse_line(parser, event_line(ev));
    EXPECT_EQ(std::string_view(object["opt"]["group"]), "224.0.1.1");
    EXPECT_EQ(object["opt"]["value"].error(), simdjson::NO_SUCH_FIELD);
    EXPECT_EQ(round_trip(sample_header(), {ev}, "opt.trace").events.at(0), ev);
}

TEST(TraceRoundTrip, OddCommStringsStayValidJsonAndSurvive) {
    Event ev = sample_recvmsg();
    ev.comm = std::string("a\"b\\c\n\t\x01\x7f", 10);
    simdjson::dom::parser parser;
    EXPECT_EQ(std::string_view(parse_line(parser, event_line(ev))["comm"]), ev.comm);
    EXPECT_EQ(round_trip(sample_header(), {ev}, "comm.trace").events.at(0), ev);
}

TEST(TraceRoundTrip, NonUtf8CommBytesBecomeReplacementCharacters) {
    Event ev = sample_recvmsg();
    ev.comm = "ntp\xff\xc3";  // a kernel comm cut inside a character
    Event expected = ev;
    expected.comm = "ntp\xef\xbf\xbd\xef\xbf\xbd";
    EXPECT_EQ(round_trip(sample_header(), {ev}, "comm8.trace").events.at(0), expected);
}

TEST(TraceRoundTrip, UnknownFieldsAreIgnored) {
    TempFile file("unknown-fields.trace");
    std::string text = trace_text(sample_header(), {sample_recvmsg()}, footer_for({sample_recvmsg()}));
    // A newer writer may add fields anywhere, including nested objects and arrays.
    const auto insert_after = [&](std::string_view anchor, std::string_view extra) {
        const size_t at = text.find(anchor);
        ASSERT_NE(at, std::string::npos) << anchor;
        text.insert(at + anchor.size(), extra);
    };
    insert_after(R"("start":)", R"(1,"future":{"a":[1,{"b":null}]},"start":)");
    insert_after(R"("t":)", R"(1,"cgroup":"/system.slice/ntp.service","t":)");
    insert_after(R"("sock":{)", R"("proto":17,)");
    insert_after(R"("lost":0)", R"(,"reason":"none")");
    file.write(text);
    RecordingSink sink = read_back(file);
    EXPECT_EQ(*sink.header, sample_header());
    ASSERT_EQ(sink.events.size(), 1u);
    EXPECT_EQ(sink.events[0], sample_recvmsg());
    EXPECT_TRUE(sink.footer);
    EXPECT_TRUE(sink.warnings.empty());
}

TEST(TraceRoundTrip, EventStorageIsReusedBetweenLines) {
    // A sink sees each event through the same object; fields of one line never leak into the next.
    std::vector<Event> events = {sample_recvmsg(), Event{}, sample_recvmsg()};
    events[1].syscall = Syscall::exit;
    struct AddressSink : RecordingSink {
        std::vector<const Event*> seen;
        void on_event(const Event& e) override {
            seen.push_back(&e);
            RecordingSink::on_event(e);
        }
    } sink;
    TempFile file("reuse.trace");
    file.write(trace_text(sample_header(), events, footer_for(events)));
    trace::read_trace(file.path(), sink);
    EXPECT_EQ(sink.events, events);
    ASSERT_EQ(sink.seen.size(), 3u);
    EXPECT_EQ(sink.seen[0], sink.seen[2]);
}

// The example in docs/trace-format.md is what the writer writes for what the reader reads.
TEST(TraceRoundTrip, DocumentedExampleIsExactlyWhatTheWriterWrites) {
    std::ifstream in(NTPSCOPE_DOCS "/trace-format.md");
    ASSERT_TRUE(in) << "docs/trace-format.md not found";
    std::stringstream text;
    text << in.rdbuf();
    const std::string doc = text.str();
    const size_t start = doc.find("```json\n");
    ASSERT_NE(start, std::string::npos);
    const size_t end = doc.find("```", start + 8);
    const std::string example = doc.substr(start + 8, end - start - 8);
    TempFile file("doc-example.trace");
    file.write(example);
    RecordingSink sink = read_back(file);
    EXPECT_TRUE(sink.warnings.empty());
    ASSERT_TRUE(sink.header && sink.footer);
    ASSERT_EQ(sink.events.size(), 3u);
    EXPECT_EQ(sink.events[0].rx_time, 1'700'000'064'500'089'012);
    EXPECT_EQ(sink.events[1].err, EAGAIN);
    EXPECT_EQ(sink.events[2].timex->freq, 19 * 65536);
    EXPECT_EQ(trace_text(*sink.header, sink.events, sink.footer), example);
}

TEST(TraceWriter, LargeOutputIsFlushedInChunksAndCounted) {
    TempFile file("large.trace");
    std::FILE* out = std::fopen(file.path().c_str(), "w");
    ASSERT_NE(out, nullptr);
    const Event ev = sample_recvmsg();
    {
        trace::TraceWriter writer(out);
        writer.write_header(sample_header());
        for (int i = 0; i < 20000; ++i) writer.write_event(ev);  // several MiB
        EXPECT_EQ(writer.events_written(), 20000u);
        writer.write_footer({1, writer.events_written(), 0});
        writer.flush();
    }
    std::fclose(out);
    RecordingSink sink = read_back(file);
    EXPECT_EQ(sink.events.size(), 20000u);
    EXPECT_EQ(sink.footer->events, 20000u);
    EXPECT_TRUE(sink.warnings.empty());
}

// The writer keeps recently formatted sockets; a socket that changes under the same id (it got
// connected, or the inode was reused) must be written as it is now, never as it was.
TEST(TraceWriter, ASocketIsWrittenAsItIsNowWhateverWasWrittenBefore) {
    Event plain = sample_recvmsg();
    ASSERT_TRUE(plain.sock);
    Event connected = plain;
    connected.sock->remote = SockAddr::v4(0x0a010033, 123);
    Event same_slot = plain;
    same_slot.sock->id += 8;
    same_slot.sock->local.port = 124;
    const std::vector<Event> events = {plain, connected, plain, same_slot, plain, connected, connected};
    std::vector<std::string> one_writer = lines_of(trace_text(sample_header(), events, {}));
    ASSERT_EQ(one_writer.size(), events.size() + 1);
    for (size_t i = 0; i < events.size(); ++i) EXPECT_EQ(one_writer[i + 1], event_line(events[i])) << i;
    EXPECT_NE(event_line(plain), event_line(connected));
    EXPECT_NE(event_line(plain), event_line(same_slot));
}

TEST(TraceWriter, FlushReportsAFullDisk) {
    std::FILE* out = std::fopen("/dev/full", "w");
    ASSERT_NE(out, nullptr);
    {
        trace::TraceWriter writer(out);
        writer.write_header(sample_header());
        try {
            writer.flush();
            ADD_FAILURE() << "flush to /dev/full succeeded";
        } catch (const std::system_error& e) {
            EXPECT_EQ(e.code().value(), ENOSPC);
        }
    }
    std::fclose(out);
}

}  // namespace
}  // namespace ntpscope::test
