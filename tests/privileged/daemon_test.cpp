// Records a real NTPsec client polling a real NTPsec server in network namespaces.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <sstream>
#include <thread>

#include "app/read_host.hpp"
#include "core/ntp/packet.hpp"
#include "daemon_lab.hpp"
#include "ntpq_view.hpp"

namespace ntpscope::test {
namespace {

// Both recording paths (--attach socket|syscall) see the same daemon the same way.
class DaemonTest : public ::testing::TestWithParam<std::string> {};
INSTANTIATE_TEST_SUITE_P(Paths, DaemonTest, ::testing::Values("socket", "syscall"),
                         [](const ::testing::TestParamInfo<std::string>& info) { return info.param; });

TEST_P(DaemonTest, RecordsNtpsecClientExchangesWithItsServer) {
    NTPSCOPE_REQUIRE_BPF();
    std::string trace = temp_path("ntpsec");
    NtpsecPair lab;
    Child rec({NTPSCOPE_BIN, "record", "--pid", std::to_string(lab.client_pid()), "--duration", "9s", "--attach",
               GetParam(), "-o", trace, "-q"},
              false);
    ASSERT_EQ(rec.wait(std::chrono::seconds(30)), 0);

    Trace t = load_trace(trace);
    std::remove(trace.c_str());
    ASSERT_TRUE(t.has_footer);
    EXPECT_EQ(t.footer.lost, 0u);
    ASSERT_EQ(t.header.targets.size(), 1u);
    EXPECT_EQ(t.header.attach, GetParam());
    EXPECT_EQ(t.header.targets[0].comm, "ntpd");
    EXPECT_NE(t.header.targets[0].config.find("client.conf"), std::string::npos);

    size_t requests = 0, replies = 0, eagain = 0;
    for (const auto& e : t.events) {
        if (!is_datagram(e.syscall)) continue;
        if (e.err == EAGAIN) {
            ++eagain;
            continue;
        }
        auto p = ntp::decode(e.data, e.len);
        if (p.kind != ntp::Kind::ntp || !e.addr) continue;
        ASSERT_TRUE(e.sock);
        if (is_send(e.syscall) && p.mode == ntp::Mode::client) {
            EXPECT_EQ(e.addr->to_string(), std::string(NtpsecPair::kServerIp) + ":123");
            EXPECT_EQ(e.sock->local.to_string(), std::string(NtpsecPair::kClientIp) + ":123")
                << "ntpd sends from the socket bound to the interface address";
            ++requests;
        }
        if (is_receive(e.syscall) && p.mode == ntp::Mode::server) {
            EXPECT_EQ(e.addr->to_string(), std::string(NtpsecPair::kServerIp) + ":123");
            EXPECT_TRUE(e.rx_time) << "ntpd asks for SO_TIMESTAMP(NS): the kernel receive time is recorded";
            EXPECT_EQ(p.stratum, 5) << "the server runs `tos orphan 5` with no upstream";
            ++replies;
        }
    }
    EXPECT_GE(requests, 3u) << "minpoll 0 with iburst sends several requests in 9 s";
    EXPECT_GE(replies, 3u);
    EXPECT_GE(eagain, replies) << "ntpd reads until EAGAIN after each datagram";
}

}  // namespace
}  // namespace ntpscope::test

namespace ntpscope::test {
namespace {

// Issue 3's bar on a live daemon: record until reach is 377, then ntpq from the same daemon
// and the table rebuilt from the wire must agree.
TEST_P(DaemonTest, SummaryOfALiveNtpsecClientAgreesWithItsNtpq) {
    NTPSCOPE_REQUIRE_BPF();
    std::string trace = temp_path("ntpsec-ntpq");
    NtpsecPair lab;
    Child rec({NTPSCOPE_BIN, "record", "--pid", std::to_string(lab.client_pid()), "--duration", "120s", "--attach",
               GetParam(), "-o", trace, "-q"},
              false);
    // minpoll 0: a request every ~2 s; the interface appears ~2 s after start, so reach is 377
    // after ~20 s, later on a loaded machine: ask ntpq until it says so, then stop recording.
    std::string output;
    std::vector<NtpqRow> rows;
    for (auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(90);
         std::chrono::steady_clock::now() < deadline; std::this_thread::sleep_for(std::chrono::seconds(1))) {
        output = lab.ntpq_peers();
        std::istringstream ntpq(output);
        try {
            rows = parse_ntpq(ntpq);
        } catch (const std::runtime_error&) {
            continue;
        }
        if (rows.size() == 1 && rows[0].reach == 0377) break;
    }
    rec.signal(SIGINT);
    ASSERT_EQ(rec.wait(std::chrono::seconds(15)), 0);
    ASSERT_EQ(rows.size(), 1u) << output;
    ASSERT_EQ(rows[0].reach, 0377) << "the daemon must have reached 377 for the comparison to mean anything:\n" << output;

    auto model = app::read_host(trace);
    std::remove(trace.c_str());
    EXPECT_EQ(expect_agrees_with_ntpq(model, rows), 1);
}

}  // namespace
}  // namespace ntpscope::test
