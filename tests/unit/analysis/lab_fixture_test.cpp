// Traces of real daemons recorded in the lab (tests/fixtures/lab/make-fixtures.sh). Where the
// recording script saved `ntpq -pn` from the same daemon at the end (NAME.ntpq next to
// NAME.trace), the rebuilt peer table must agree with it, as the issue asks: the same peer and
// type, poll within one step, the same reach, refid and stratum, offset and delay within 1 ms.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/analysis/host_analyzer.hpp"
#include "core/trace/trace_reader.hpp"
#include "ntpq_view.hpp"

namespace ntpscope::analysis {
namespace {

const std::filesystem::path kLab = std::filesystem::path(NTPSCOPE_FIXTURES) / "lab";

HostModel analyze_trace(const std::filesystem::path& path) {
    HostAnalyzer analyzer;
    trace::read_trace(path.string(), analyzer);
    return analyzer.finish();
}

TEST(LabFixtures, EveryNtpqViewAgreesWithTheRebuiltTable) {
    int compared = 0;
    for (const auto& entry : std::filesystem::directory_iterator(kLab)) {
        if (entry.path().extension() != ".ntpq") continue;
        const auto trace = std::filesystem::path(entry.path()).replace_extension(".trace");
        SCOPED_TRACE(trace.filename().string());
        std::ifstream ntpq(entry.path());
        compared += test::expect_agrees_with_ntpq(analyze_trace(trace), test::parse_ntpq(ntpq));
    }
    EXPECT_GE(compared, 1);
}

TEST(LabFixtures, NtpsecClientPollsOneServerFromItsInterfaceSocket) {
    const HostModel m = analyze_trace(kLab / "ntpsec_client.trace");
    EXPECT_TRUE(m.notes.empty()) << m.notes.front().text;
    const PeerModel* p = m.find_peer(*SockAddr::parse_ip("10.231.0.1"));
    ASSERT_NE(p, nullptr);
    EXPECT_EQ(p->outbound.unanswered, 0u);
    EXPECT_EQ(p->outbound.answered, p->outbound.requests);
    EXPECT_EQ(p->polling.bursts, 0u);  // minpoll 0: requests 2 s apart are its steady polling
    auto iface = std::find_if(m.sockets.begin(), m.sockets.end(), [](const SocketModel& s) {
        return s.role == SocketRole::interface && s.received > 0;
    });
    ASSERT_NE(iface, m.sockets.end());
    EXPECT_EQ(iface->eagain, iface->received);  // ntpd reads until EAGAIN
    EXPECT_TRUE(std::any_of(m.sockets.begin(), m.sockets.end(),
                            [](const SocketModel& s) { return s.role == SocketRole::netlink; }));
}

TEST(LabFixtures, ChronyClientUsesAConnectedSocketPerRequest) {
    const HostModel m = analyze_trace(kLab / "chrony_client.trace");
    ASSERT_EQ(m.peers.size(), 1u);
    const PeerModel& p = m.peers[0];
    EXPECT_EQ(p.name(), "10.231.0.1");
    EXPECT_EQ(p.type, AssociationType::unicast);
    EXPECT_GE(p.outbound.answered, 20u);
    EXPECT_EQ(p.outbound.unanswered, 0u);
    EXPECT_EQ(p.packets.not_ntp.received, 0u);  // error-queue copies are not the server's
    EXPECT_GT(p.timing.t1_from_tx_timestamp, 0u);
    EXPECT_EQ(p.timing.t1_from_event, 0u);
    ASSERT_EQ(m.sockets.size(), 1u);
    EXPECT_EQ(m.sockets[0].role, SocketRole::connected);
    EXPECT_EQ(m.sockets[0].instances, p.outbound.requests);
    EXPECT_EQ(m.sockets[0].sent_copies, p.outbound.requests);
}

}  // namespace
}  // namespace ntpscope::analysis
