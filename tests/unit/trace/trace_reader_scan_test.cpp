// Event lines in the writer's shape are read by a quick scan, the rest by simdjson: whichever
// reads a line, the events, warnings and errors must be the same.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "core/model/error.hpp"
#include "core/trace/flat_line.hpp"
#include "trace_test_util.hpp"

namespace ntpscope::test {
namespace {

// What reading a file gives: everything the sink got, or the error message alone.
struct Outcome {
    RecordingSink sink;
    std::string error;
};

Outcome read_with(const std::string& path, trace::EventLineParsing parsing) {
    Outcome outcome;
    try {
        trace::read_trace(path, outcome.sink, parsing);
    } catch (const InputError& e) {
        outcome.error = e.what();
    }
    return outcome;
}

void expect_same_both_ways(const std::string& path, const std::string& what) {
    const Outcome scanned = read_with(path, trace::EventLineParsing::scanner_first);
    const Outcome parsed = read_with(path, trace::EventLineParsing::simdjson_only);
    EXPECT_EQ(scanned.error, parsed.error) << what;
    EXPECT_EQ(scanned.sink.header, parsed.sink.header) << what;
    EXPECT_EQ(scanned.sink.events, parsed.sink.events) << what;
    EXPECT_EQ(scanned.sink.footer, parsed.sink.footer) << what;
    EXPECT_EQ(scanned.sink.warnings, parsed.sink.warnings) << what;
}

TEST(TraceReaderScan, RecordedFixturesReadTheSameBothWays) {
    int traces = 0;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(NTPSCOPE_FIXTURES)) {
        if (entry.path().extension() != ".trace") continue;
        const Outcome parsed = read_with(entry.path(), trace::EventLineParsing::simdjson_only);
        ASSERT_EQ(parsed.error, "") << entry.path();
        ASSERT_FALSE(parsed.sink.events.empty()) << entry.path();
        expect_same_both_ways(entry.path(), entry.path());
        ++traces;
    }
    EXPECT_GE(traces, 2);
}

TEST(TraceReaderScan, WrittenEventsOfEveryKindReadTheSameBothWays) {
    TempFile file("scan-random.trace");
    const std::vector<Event> events = random_events(7, 3000);
    file.write(trace_text(sample_header(), events, TraceFooter{9, events.size(), 0}));
    EXPECT_EQ(read_with(file.path(), trace::EventLineParsing::scanner_first).sink.events, events);
    expect_same_both_ways(file.path(), "random events");
}

// The scan takes the writer's lines; the reader relies on it for its speed.
TEST(TraceReaderScan, TheWritersLinesAreScanned) {
    const std::string text = trace_text(sample_header(), {sample_recvmsg()}, std::nullopt);
    std::string line = text.substr(text.find('\n') + 1);
    const size_t length = line.size() - 1;
    line.append(16, '\0');
    trace::FlatLine flat;
    const size_t sock_at = line.find("{\"family\"");
    const size_t sock_length = line.find('}', sock_at) + 1 - sock_at;
    ASSERT_TRUE(flat.scan(std::string_view(line).substr(0, length), sock_at, sock_length));
    ASSERT_EQ(flat.fields().size(), 14u);
    EXPECT_EQ(flat.fields()[0].key, "t");
    EXPECT_EQ(flat.fields()[0].value.magnitude, 1'700'000'001'000'000'000u);
    EXPECT_EQ(flat.fields()[8].value.kind, trace::ScannedValue::Kind::known_object);
    // The same line with its "sock" object unknown is refused.
    EXPECT_FALSE(flat.scan(std::string_view(line).substr(0, length), std::string_view::npos, 0));
}

// Line 3 of a valid trace (its second event line, whose "sock" the reader has cached) with
// `from` replaced by `to`: lines the scan must refuse or must read exactly as simdjson does.
TEST(TraceReaderScan, ChangedLinesGiveTheSameEventsAndErrorsBothWays) {
    const std::vector<Event> events(3, sample_recvmsg());
    const std::string text = trace_text(sample_header(), events, TraceFooter{9, 3, 0});
    const std::vector<std::pair<std::string, std::string>> changes = {
        {"{\"t\":", "{ \"t\":"},
        {",\"mono\"", " ,\"mono\""},
        {"\"fd\":22", "\"fd\":2.5"},
        {"\"fd\":22", "\"fd\":2e1"},
        {"\"fd\":22", "\"fd\":-0"},
        {"\"fd\":22", "\"fd\":022"},
        {"\"fd\":22", "\"fd\":-22"},
        {"\"fd\":22", "\"fd\":-"},
        {"\"fd\":22", "\"fd\":2147483648"},
        {"\"fd\":22", "\"fd\":true"},
        {"\"fd\":22", "\"fd\":null"},
        {"\"fd\":22", "\"fd\":\"22\""},
        {"\"fd\":22", "\"fd\":22,\"fd\":23"},
        {"\"ret\":48", "\"ret\":9223372036854775807"},
        {"\"ret\":48", "\"ret\":9223372036854775808"},
        {"\"ret\":48", "\"ret\":-9223372036854775808"},
        {"\"ret\":48", "\"ret\":-9223372036854775809"},
        {"\"ret\":48", "\"ret\":18446744073709551615"},
        {"\"ret\":48", "\"ret\":99999999999999999999"},
        {"\"pid\":1234", "\"pid\":4294967295"},
        {"\"pid\":1234", "\"pid\":4294967296"},
        {"\"pid\":1234", "\"pid\":-1"},
        {"\"comm\":\"ntpd\"", "\"comm\":\"nt\\u0070d\""},
        {"\"comm\":\"ntpd\"", "\"comm\":\"nt\\\"pd\""},
        {"\"comm\":\"ntpd\"", "\"comm\":\"ntp\xc3\xa9\""},
        {"\"comm\":\"ntpd\"", "\"comm\":\"ntp\xff\""},
        {"\"comm\":\"ntpd\"", "\"comm\":\"nt\tpd\""},
        {"\"comm\":\"ntpd\"", "\"comm\":\"ntpd"},
        {"\"comm\":\"ntpd\"", "\"comm\":5"},
        {"\"comm\":\"ntpd\"", "\"co\\u006dm\":\"ntpd\""},
        {"\"syscall\":\"recvmsg\"", "\"syscall\":\"recvmsgx\""},
        {"\"syscall\":\"recvmsg\"", "\"syscall\":[]"},
        {"\"t\":1700000001000000000,", ""},
        {"\"t\":1700000001000000000", "\"t\":\"soon\""},
        {"\"sock\":{", "\"sock\":0,\"x\":{"},
        {"\"sock\":{", "\"sock\":{},\"x\":{"},
        {"\"sock\":{", "\"sock\":5,\"sock\":{"},
        {"\"sock\":{\"family\":\"inet\"", "\"sock\":{\"family\":\"inet6\""},
        {"\"id\":51234}", "\"id\":51235}"},
        {"\"id\":51234}", "\"id\":51234 }"},
        {"\"addr\":\"192.168.1.51:123\"", "\"addr\":\"192.168.1.51:x\""},
        {"\"dst\":\"192.168.1.7\"", "\"dst\":7"},
        {"\"data\":\"24", "\"data\":\"zz"},
        {"\"data\":\"24", "\"data\":\"2"},
        {"\"len\":48", "\"len\":48,\"timex\":1"},
        {"\"len\":48", "\"len\":48,\"opt\":{\"level\":1}"},
        {"\"len\":48", "\"len\":48,"},
        {"\"len\":48", "\"len\":48,\"x\":{\"y\":1}"},
        {"\"len\":48", "\"len\":48}"},
        {"\"len\":48", "\"len\"48"},
        {"\"len\":48", "\"len\":48\"x\":1"},
        {"\"rx_time\":1700000000999990000}", "\"rx_time\":1700000000999990000} "},
        {"\"rx_time\":1700000000999990000}", "\"rx_time\":1700000000999990000}}"},
        {"\"rx_time\":1700000000999990000}", "\"rx_time\":1700000000999990000"},
        {"\"rx_time\":1700000000999990000}", "\"rx_time\":17000000009999900000}"},
    };
    const size_t start = text.find('\n', text.find('\n') + 1) + 1;
    const size_t end = text.find('\n', start);
    TempFile file("scan-changed.trace");
    for (const auto& [from, to] : changes) {
        std::string line = text.substr(start, end - start);
        const size_t at = line.find(from);
        ASSERT_NE(at, std::string::npos) << from;
        line.replace(at, from.size(), to);
        std::string changed = text;
        changed.replace(start, end - start, line);
        file.write(changed);
        expect_same_both_ways(file.path(), line);
    }
}

}  // namespace
}  // namespace ntpscope::test
