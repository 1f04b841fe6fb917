#include <gtest/gtest.h>

#include <string>

#include "core/model/error.hpp"
#include "trace_test_util.hpp"

namespace ntpscope::test {
namespace {

class TraceReaderErrors : public ::testing::Test {
protected:
    std::string valid_text(size_t events = 3) {
        std::vector<Event> list(events, sample_recvmsg());
        return trace_text(sample_header(), list, TraceFooter{9, events, 0});
    }
    static std::string without_footer(std::string text) {
        text.resize(text.rfind('\n', text.size() - 2) + 1);
        return text;
    }
    // A valid trace whose line `line` (1-based, an event line) is replaced.
    std::string with_line(size_t line, std::string_view replacement) {
        std::string text = valid_text();
        size_t start = 0;
        for (size_t i = 1; i < line; ++i) start = text.find('\n', start) + 1;
        const size_t end = text.find('\n', start);
        return text.replace(start, end - start, replacement);
    }
    // The message for an event line holding `replacement`, as line 3 of a valid trace.
    std::string event_error(std::string_view replacement) {
        return read_error(file_, with_line(3, replacement));
    }
    std::string at(int line) const { return file_.path() + ":" + std::to_string(line) + ": "; }

    TempFile file_{"errors.trace"};
};

TEST_F(TraceReaderErrors, MissingFileNamesTheFile) {
    RecordingSink sink;
    try {
        trace::read_trace(file_.path() + ".absent", sink);
        FAIL() << "no error";
    } catch (const InputError& e) {
        EXPECT_EQ(std::string(e.what()), file_.path() + ".absent: cannot open: No such file or directory");
    }
}

TEST_F(TraceReaderErrors, EmptyFile) {
    EXPECT_EQ(read_error(file_, ""), at(1) + "not an ntpscope trace (the file is empty)");
}

TEST_F(TraceReaderErrors, HeaderMustBeTheFirstLine) {
    const std::string text = valid_text();
    const std::string first_event = text.substr(text.find('\n') + 1);
    EXPECT_TRUE(read_error(file_, first_event).starts_with(at(1) + "not an ntpscope trace ("));
    EXPECT_TRUE(read_error(file_, "\n" + text).starts_with(at(1) + "not an ntpscope trace ("));
    EXPECT_TRUE(read_error(file_, R"({"format":"other","version":1})" "\n").starts_with(at(1) + "not an ntpscope trace ("));
}

TEST_F(TraceReaderErrors, BinaryGarbageIsNotATrace) {
    std::string garbage(1 << 20, '\0');
    for (size_t i = 0; i < garbage.size(); ++i) garbage[i] = static_cast<char>((i * 7919) >> 3);
    EXPECT_TRUE(read_error(file_, garbage).starts_with(at(1) + "not an ntpscope trace ("));
}

TEST_F(TraceReaderErrors, UnknownOriginIsNamed) {
    EXPECT_EQ(event_error(R"({"t":1,"syscall":"adjtimex","via":"kernel"})"), at(3) + R"("via" is not "libc" or "socket-state")");
}

TEST_F(TraceReaderErrors, NewerVersionIsNamed) {
    std::string text = valid_text();
    text.replace(text.find(R"("version":2)"), 11, R"("version":3)");
    EXPECT_EQ(read_error(file_, text),
              at(1) + "trace format version 3 is newer than this ntpscope reads (2); use a newer ntpscope");
    // Wherever "version" is, it is judged before fields a newer version may have changed.
    EXPECT_EQ(read_error(file_, R"({"format":"ntpscope-trace","start":"soon","version":4})" "\n"),
              at(1) + "trace format version 4 is newer than this ntpscope reads (2); use a newer ntpscope");
}

TEST_F(TraceReaderErrors, UnknownAttachPathIsNamed) {
    std::string text = valid_text();
    text.replace(text.find(R"("source":"ebpf")"), 15, R"("source":"ebpf","attach":"fentry")");
    EXPECT_EQ(read_error(file_, text), at(1) + R"(bad "attach" (not "socket" or "syscall"))");
}

TEST_F(TraceReaderErrors, BadOrMissingVersion) {
    EXPECT_EQ(read_error(file_, R"({"format":"ntpscope-trace","version":"1"})" "\n"),
              at(1) + R"(bad "version": expected an integer from -2147483648 to 2147483647)");
    EXPECT_EQ(read_error(file_, R"({"format":"ntpscope-trace","version":0})" "\n"), at(1) + R"(bad "version": 0)");
    EXPECT_EQ(read_error(file_, R"({"format":"ntpscope-trace"})" "\n"), at(1) + R"(missing "version")");
}

TEST_F(TraceReaderErrors, MalformedLineInTheMiddleNamesTheLine) {
    const std::string message = event_error(R"({"t":1,"syscall":"recvmsg",)");
    EXPECT_TRUE(message.starts_with(at(3) + "invalid JSON (")) << message;
    const std::string not_json = event_error("hello");
    EXPECT_TRUE(not_json.starts_with(at(3) + "invalid JSON (")) << not_json;
    const std::string two_objects = event_error(R"({"t":1,"syscall":"close"} {"t":2})");
    EXPECT_TRUE(two_objects.starts_with(at(3) + "invalid JSON (")) << two_objects;
}

TEST_F(TraceReaderErrors, EachProblemIsNamed) {
    EXPECT_EQ(event_error(R"({"t":1,"fd":3})"), at(3) + R"(missing "syscall")");
    EXPECT_EQ(event_error(R"({"syscall":"close"})"), at(3) + R"(missing "t")");
    EXPECT_EQ(event_error(R"({"t":1,"syscall":"foo"})"), at(3) + R"(unknown syscall "foo")");
    EXPECT_EQ(event_error(R"({"t":1,"syscall":"fo\no"})"), at(3) + R"(unknown syscall "fo\no")");  // one line
    EXPECT_EQ(event_error(R"({"t":1,"syscall":"recvmsg","data":"abc"})"), at(3) + R"(bad hex in "data")");
    EXPECT_EQ(event_error(R"({"t":1,"syscall":"recvmsg","data":"zz"})"), at(3) + R"(bad hex in "data")");
    EXPECT_EQ(event_error(R"({"t":1,"syscall":"recvmsg","errno":"ENOPE"})"), at(3) + R"(unknown errno "ENOPE")");
    EXPECT_EQ(event_error(R"({"t":"1","syscall":"close"})"),
              at(3) + R"(bad "t": expected an integer from -9223372036854775808 to 9223372036854775807)");
    EXPECT_EQ(event_error(R"({"t":1,"syscall":"close","pid":-1})"),
              at(3) + R"(bad "pid": expected an integer from 0 to 4294967295)");
    EXPECT_EQ(event_error(R"({"t":1,"syscall":"close","fd":2147483648})"),
              at(3) + R"(bad "fd": expected an integer from -2147483648 to 2147483647)");
    EXPECT_EQ(event_error(R"({"t":1,"syscall":"sendto","addr":"10.0.0.1"})"),
              at(3) + R"(bad "addr": expected "ip:port", got "10.0.0.1")");
    EXPECT_EQ(event_error(R"({"t":1,"syscall":"recvmsg","dst":"10.0.0.1:5"})"),
              at(3) + R"(bad "dst": expected an IP address, got "10.0.0.1:5")");
    EXPECT_EQ(event_error(R"({"t":1,"syscall":"recvmsg","sock":{"family":"ipx"}})"),
              at(3) + R"(unknown socket family "ipx")");
    EXPECT_EQ(event_error(R"({"t":1,"syscall":"recvmsg","sock":{"local":"x"}})"),
              at(3) + R"(bad "sock.local": expected "ip:port", got "x")");
    EXPECT_EQ(event_error(R"({"t":1,"syscall":"recvmsg","timex":{"tai":"x"}})"),
              at(3) + R"(bad "timex.tai": expected an integer from -2147483648 to 2147483647)");
    EXPECT_EQ(event_error(R"({"t":1,"syscall":"recvmsg","sock":[]})"), at(3) + R"(bad "sock": expected an object)");
    EXPECT_EQ(event_error(R"([1,2])"), at(3) + "not a JSON object");
}

TEST_F(TraceReaderErrors, ValuesInMessagesAreCutShort) {
    const std::string message = event_error(R"({"t":1,"syscall":")" + std::string(500, 'x') + R"("})");
    EXPECT_EQ(message, at(3) + "unknown syscall \"" + std::string(40, 'x') + "...\"");
}

TEST_F(TraceReaderErrors, BlankLinesAreSkipped) {
    std::string text = valid_text();
    text.insert(text.find('\n') + 1, "\n  \r\n");
    file_.write(text + "\n");
    RecordingSink sink = read_back(file_);
    EXPECT_EQ(sink.events.size(), 3u);
    EXPECT_TRUE(sink.footer);
    EXPECT_TRUE(sink.warnings.empty());
}

TEST_F(TraceReaderErrors, TruncatedLastLineIsAWarningNotAnError) {
    std::string text = without_footer(valid_text(2));
    text += R"({"t":1700000002000000000,"mono":1,"pid":12)";
    file_.write(text);
    RecordingSink sink = read_back(file_);
    EXPECT_EQ(sink.events.size(), 2u);
    EXPECT_FALSE(sink.footer);
    ASSERT_EQ(sink.warnings.size(), 1u);
    EXPECT_EQ(sink.warnings[0], at(4) + "truncated last line ignored (recording was cut short)");
}

TEST_F(TraceReaderErrors, CompleteLastLineWithoutNewlineIsRead) {
    std::string text = valid_text(2);
    text.pop_back();
    file_.write(text);
    RecordingSink sink = read_back(file_);
    EXPECT_EQ(sink.events.size(), 2u);
    EXPECT_TRUE(sink.footer);
    EXPECT_TRUE(sink.warnings.empty());
}

TEST_F(TraceReaderErrors, UnparsableLineWithNewlineAtTheEndIsAnError) {
    std::string text = without_footer(valid_text(2));
    text += "{\"t\":1\n";
    EXPECT_TRUE(read_error(file_, text).starts_with(at(4) + "invalid JSON ("));
}

TEST_F(TraceReaderErrors, MissingFooterIsAWarning) {
    std::string text = without_footer(valid_text(2));
    file_.write(text);
    RecordingSink sink = read_back(file_);
    EXPECT_EQ(sink.events.size(), 2u);
    EXPECT_FALSE(sink.footer);
    EXPECT_EQ(sink.warnings, std::vector<std::string>{at(3) + "no footer: the recording was cut short"});
}

TEST_F(TraceReaderErrors, LostEventsAndMissingLinesAreWarned) {
    const std::vector<Event> events(4, sample_recvmsg());
    file_.write(trace_text(sample_header(), events, TraceFooter{9, 5, 17}) + "\n\n");
    RecordingSink sink = read_back(file_);
    ASSERT_TRUE(sink.footer);
    EXPECT_EQ(sink.footer->lost, 17u);
    EXPECT_EQ(sink.warnings,
              (std::vector<std::string>{
                  at(6) + "the recorder lost 17 events (its ring buffer was full); results may miss packets or calls",
                  at(6) + "the footer counts 5 events but the file holds 4"}));
}

TEST_F(TraceReaderErrors, NothingMayFollowTheFooter) {
    const std::string text = valid_text(1);
    const std::string event = text.substr(text.find('\n') + 1, text.find('\n', text.find('\n') + 1) - text.find('\n'));
    EXPECT_EQ(read_error(file_, text + event), at(4) + "unexpected line after the footer");
}

TEST_F(TraceReaderErrors, ASecondHeaderIsAnError) {
    const std::string text = valid_text(1);
    EXPECT_EQ(read_error(file_, text + text),
              at(4) + "a second trace header (were two traces joined into one file?)");
}

TEST_F(TraceReaderErrors, TruncatedHeaderIsAnError) {
    const std::string text = valid_text(1);
    EXPECT_EQ(read_error(file_, text.substr(0, 60)),
              at(1) + "truncated trace header (the recording was cut short before any event)");
}

// Every prefix of a valid trace is either refused with an InputError (inside the header) or read
// with exactly one warning and the events that were complete.
TEST_F(TraceReaderErrors, FileCutAtEveryByteNeverCrashes) {
    std::vector<Event> events = random_events(7, 6);
    events[0].comm = "caf\xc3\xa9";  // cuts inside a multi-byte character too
    const std::string text = trace_text(sample_header(), events, TraceFooter{9, events.size(), 0});
    const size_t header_end = text.find('\n');
    for (size_t cut = 0; cut < text.size() - 1; ++cut) {
        file_.write(std::string_view(text).substr(0, cut));
        RecordingSink sink;
        try {
            trace::read_trace(file_.path(), sink);
        } catch (const InputError& e) {
            EXPECT_LT(cut, header_end) << "cut at " << cut << ": " << e.what();
            continue;
        }
        ASSERT_GE(cut, header_end) << "cut inside the header was accepted";
        EXPECT_EQ(sink.warnings.size(), 1u) << "cut at " << cut;
        EXPECT_FALSE(sink.footer) << "cut at " << cut;
        ASSERT_LE(sink.events.size(), events.size());
        for (size_t i = 0; i < sink.events.size(); ++i) EXPECT_EQ(sink.events[i], events[i]) << "cut at " << cut;
        // The events of every line that was complete (newline or not) are there.
        size_t complete = 0;
        for (size_t nl = text.find('\n', header_end + 1); nl != std::string::npos && nl <= cut;
             nl = text.find('\n', nl + 1))
            ++complete;
        EXPECT_EQ(sink.events.size(), std::min(complete, events.size())) << "cut at " << cut;
    }
}

TEST(LooksLikeTrace, RecognisesTheHeaderStart) {
    EXPECT_TRUE(trace::looks_like_trace(R"({"format":"ntpscope-trace","version":1})"));
    EXPECT_TRUE(trace::looks_like_trace(R"(  { "format" : "ntpscope-trace", "version": 1})"));
    EXPECT_FALSE(trace::looks_like_trace(R"({"format":"ntpscope-tr)"));
    EXPECT_FALSE(trace::looks_like_trace(R"({"version":1,"format":"ntpscope-trace"})"));
    EXPECT_FALSE(trace::looks_like_trace("execve(\"/usr/sbin/ntpd\", [\"ntpd\"], ...) = 0\n"));
    EXPECT_FALSE(trace::looks_like_trace("\xd4\xc3\xb2\xa1"));
    EXPECT_FALSE(trace::looks_like_trace(""));
}

}  // namespace
}  // namespace ntpscope::test
