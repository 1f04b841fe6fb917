#include <gtest/gtest.h>

#include "host_events.hpp"

namespace ntpscope::analysis::test {
namespace {

const SockAddr kServer = v4("10.0.0.51:123");

void poll_for_an_hour(NtpdHost& host) {
    for (int i = 0; i < 60; ++i) host.poll(kServer, kStart + i * 64 * kSecond);
}

TEST(Notes, CompleteTraceHasNone) {
    NtpdHost host;
    poll_for_an_hour(host);
    const HostModel m = host.finish(kStart + 3900 * kSecond);
    EXPECT_TRUE(m.notes.empty()) << m.notes.front().text;
    EXPECT_TRUE(m.meta.footer);
    EXPECT_NEAR(m.meta.duration, 3900.0, 1e-9);
}

TEST(Notes, LostEventsAreReported) {
    NtpdHost host;
    poll_for_an_hour(host);
    const HostModel m = host.finish(kStart + 3900 * kSecond, 17);
    ASSERT_TRUE(m.has_note(NoteCode::lost_events));
    EXPECT_NE(m.notes.front().text.find("17"), std::string::npos);
    EXPECT_EQ(m.meta.lost, 17u);
}

TEST(Notes, MissingFooterAndReaderWarnings) {
    NtpdHost host;
    poll_for_an_hour(host);
    host.analyzer.on_warning("t.jsonl:181: last line is cut short");
    const HostModel m = host.analyzer.finish();
    EXPECT_TRUE(m.has_note(NoteCode::no_footer));
    EXPECT_TRUE(m.has_note(NoteCode::reader_warnings));
    EXPECT_EQ(m.meta.end, Reply{.t1 = kStart + 59 * 64 * kSecond}.t4());
}

TEST(Notes, FooterCountingOtherEvents) {
    NtpdHost host;
    poll_for_an_hour(host);
    host.events += 3;
    EXPECT_TRUE(host.finish(kStart + 3900 * kSecond).has_note(NoteCode::event_count));
}

TEST(Notes, TruncatedPayloadsAndOmittedMessages) {
    NtpdHost host;
    poll_for_an_hour(host);
    std::vector<uint8_t> first_bytes = request(kStart);
    first_bytes.resize(20);
    Event cut = receive_from(kStart + 10 * kSecond, 22, host.iface, kServer, first_bytes);
    cut.len = 68;
    cut.omitted = 2;
    host.feed(cut);
    const HostModel m = host.finish(kStart + 3900 * kSecond);
    EXPECT_TRUE(m.has_note(NoteCode::truncated_payloads));
    EXPECT_TRUE(m.has_note(NoteCode::omitted_messages));
    EXPECT_EQ(m.meta.truncated_payloads, 1u);
    EXPECT_EQ(m.peers.at(0).packets.truncated.received, 1u);
}

TEST(Notes, TruncatedNetlinkMessagesAreNoConcern) {
    NtpdHost host;
    poll_for_an_hour(host);
    SockInfo netlink;
    netlink.family = AF_NETLINK;
    Event big = datagram(Syscall::recvmsg, kStart + kSecond, 4, netlink, std::nullopt,
                         std::vector<uint8_t>(1024, 0));
    big.len = 6656;
    host.feed(big);
    const HostModel m = host.finish(kStart + 3900 * kSecond);
    EXPECT_FALSE(m.has_note(NoteCode::truncated_payloads));
    EXPECT_EQ(m.meta.truncated_payloads, 0u);
}

TEST(Notes, TraceTooShortToJudgePollIntervals) {
    NtpdHost host;
    host.poll(kServer, kStart);
    host.poll(kServer, kStart + 64 * kSecond);
    const HostModel m = host.finish(kStart + 70 * kSecond);
    ASSERT_TRUE(m.has_note(NoteCode::short_trace));
    EXPECT_NE(m.notes.back().text.find("10.0.0.51"), std::string::npos);
}

TEST(Notes, NoNtpAtAll) {
    NtpdHost host;
    host.feed(clock_adjtime(kStart, Timex{}));
    EXPECT_TRUE(host.finish(kStart + kSecond).has_note(NoteCode::no_ntp));
}

}  // namespace
}  // namespace ntpscope::analysis::test
