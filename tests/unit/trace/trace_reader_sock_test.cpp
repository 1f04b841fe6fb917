// The reader parses each distinct "sock" object once and reuses it for the lines that repeat it
// byte for byte: what it hands over and the errors it reports must not change.
#include <gtest/gtest.h>

#include <netinet/in.h>
#include <sys/socket.h>

#include <string>

#include "trace_test_util.hpp"

namespace ntpscope::test {
namespace {

SockInfo socket_number(uint32_t n) {
    return SockInfo{AF_INET, SOCK_DGRAM, SockAddr::v4(0x0a000000 + n, 123), {}, 40000 + n};
}

std::string header_line() {
    const std::string text = trace_text(sample_header(), {}, {});
    return text.substr(0, text.find('\n') + 1);
}

std::string event_line(const Event& event) {
    const std::string text = trace_text(sample_header(), {event}, {});
    const size_t start = text.find('\n') + 1;
    return text.substr(start, text.find('\n', start) + 1 - start);
}

RecordingSink read_text(const std::string& text) {
    TempFile file("sock.trace");
    file.write(text);
    return read_back(file);
}

// More sockets than the reader keeps, revisited in turn and at random: every event keeps its own.
TEST(TraceReaderSock, ManySocketsRevisitedKeepTheirOwnSock) {
    std::vector<Event> events;
    for (uint32_t i = 0; i < 300; ++i) {
        Event ev = sample_recvmsg();
        ev.fd = static_cast<int32_t>(i % 23);
        ev.sock = socket_number((i * 7) % 23);
        if (i % 5 == 0) ev.sock->remote = SockAddr::v4(0x0a0a0a0a, 123);
        if (i % 11 == 0) ev.sock.reset();
        events.push_back(ev);
    }
    TempFile file("many-socks.trace");
    file.write(trace_text(sample_header(), events, TraceFooter{9, events.size(), 0}));
    const RecordingSink sink = read_back(file);
    ASSERT_EQ(sink.events.size(), events.size());
    for (size_t i = 0; i < events.size(); ++i) EXPECT_EQ(sink.events[i], events[i]) << "event " << i;
}

// A line that repeats a known sock object but is broken elsewhere is still refused, by line.
TEST(TraceReaderSock, ErrorsAfterARepeatedSockNameTheLine) {
    const std::string good = event_line(sample_recvmsg());
    const std::string broken_json = good.substr(0, good.size() - 2) + ",}\n";
    const size_t addr = good.find("\"addr\":\"") + 8;
    const std::string bad_addr = good.substr(0, addr) + "x" + good.substr(addr + 3);
    const TempFile file("sock-error.trace");
    for (const std::string& bad : {broken_json, bad_addr}) {
        const std::string message = read_error(file, header_line() + good + good + bad);
        EXPECT_TRUE(message.starts_with(file.path() + ":4: ")) << message;
        EXPECT_NE(message.find(bad == broken_json ? "invalid JSON (" : "bad \"addr\""), std::string::npos) << message;
    }
}

// A repeated sock object cut short, or followed by a sock that is not an object, fails as it would
// the first time.
TEST(TraceReaderSock, BadSockAfterARepeatedOneIsAnError) {
    const std::string good = event_line(sample_recvmsg());
    const size_t sock_end = good.find("},\"addr\"") + 1;
    const TempFile file("sock-error.trace");
    const std::string zero_after = good.substr(0, sock_end) + ",\"sock\":0" + good.substr(sock_end);
    EXPECT_EQ(read_error(file, header_line() + good + zero_after), file.path() + ":3: bad \"sock\": expected an object");
    const std::string cut = good.substr(0, sock_end) + "\n";
    const std::string cut_message = read_error(file, header_line() + good + cut);
    EXPECT_TRUE(cut_message.starts_with(file.path() + ":3: invalid JSON (")) << cut_message;
}

// With the sock key twice the last one counts, as for any key, and the next line that repeats the
// first object still gets that first object.
TEST(TraceReaderSock, DuplicateSockKeysDoNotMixSockets) {
    const std::string good = event_line(sample_recvmsg());
    const size_t sock_end = good.find("},\"addr\"") + 1;
    const std::string twice =
        good.substr(0, sock_end) + ",\"sock\":{\"family\":\"inet\",\"type\":\"dgram\",\"id\":7}" + good.substr(sock_end);
    for (const std::string& text : {header_line() + twice + good, header_line() + good + twice + good}) {
        const RecordingSink sink = read_text(text);
        ASSERT_FALSE(sink.events.empty());
        for (const Event& event : sink.events) {
            ASSERT_TRUE(event.sock);
            const bool is_twice = &event == &sink.events[text.starts_with(header_line() + twice) ? 0 : 1];
            EXPECT_EQ(event.sock->id, is_twice ? 7u : 51234u);
        }
    }
}

// A sock object that is a key's value inside another object is not the event's socket.
TEST(TraceReaderSock, NestedSockIsNotTheEventsSocket) {
    const std::string good = event_line(sample_recvmsg());
    const size_t sock_at = good.find("\"sock\":");
    const std::string sock = good.substr(sock_at, good.find("},\"addr\"") + 1 - sock_at);
    std::string nested = good;
    nested.erase(sock_at, sock.size() + 1);
    nested.insert(nested.find("\"addr\""), "\"x\":{" + sock + "},");
    const RecordingSink sink = read_text(header_line() + good + nested + nested);
    ASSERT_EQ(sink.events.size(), 3u);
    EXPECT_TRUE(sink.events[0].sock);
    EXPECT_FALSE(sink.events[1].sock);
    EXPECT_FALSE(sink.events[2].sock);
}

}  // namespace
}  // namespace ntpscope::test
