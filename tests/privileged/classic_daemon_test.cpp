// Records a real classic ntpd 4.2.8 multicast client, from before it became ntpd, listening to
// a real classic multicast server in network namespaces, and checks what the wire and the
// daemon's own ntpq say against the trace.
#include <gtest/gtest.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <iostream>
#include <sstream>
#include <thread>

#include "app/read_host.hpp"
#include "classic_lab.hpp"
#include "core/ntp/packet.hpp"
#include "ntpq_view.hpp"

namespace ntpscope::test {
namespace {

using Lab = ClassicMulticastPair;

// Classic ntpd's start-up exchange with the server takes ~10 s; then it only listens, to a
// mode-5 packet every 8 s, so 40 s hold the exchange and several of those.
constexpr auto kRecordFor = std::chrono::seconds(40);
constexpr int64_t kSignedBroadcastBytes = 48 + 4 + 16;  // header, key id, MD5 digest
constexpr int64_t kDrainBytes = 16;

const std::string kServer = std::string(Lab::kServerIp) + ":123";
const std::string kGroupSocket = std::string(Lab::kGroup) + ":123";
const std::string kWildcardSocket = "0.0.0.0:123";

class ClassicDaemonTest : public ::testing::TestWithParam<std::string> {
protected:
    void TearDown() override { std::remove(trace_.c_str()); }
    std::string trace_ = temp_path("classic");
};
INSTANTIATE_TEST_SUITE_P(Paths, ClassicDaemonTest, ::testing::Values("socket", "syscall"),
                         [](const ::testing::TestParamInfo<std::string>& path) { return path.param; });

// The client's ntpq is asked while the recorder still runs, and the recorder stopped right
// after, so that both describe the same moment. Returns what ntpq printed.
std::string record_client(Lab& lab, const std::string& attach, const std::string& trace) {
    Child rec({NTPSCOPE_BIN, "record", "--pid", std::to_string(lab.client_pid()), "--duration", "120s", "--attach",
               attach, "-o", trace, "-q"},
              false);
    wait_for_header(trace);
    lab.open_client_gate();
    std::this_thread::sleep_for(kRecordFor);
    std::string ntpq = lab.client_peers();
    rec.signal(SIGINT);
    EXPECT_EQ(rec.wait(std::chrono::seconds(15)), 0);
    return ntpq;
}

bool received_ok(const Event& e, uint32_t pid) { return e.pid == pid && is_receive(e.syscall) && !e.failed(); }
bool on_socket(const Event& e, const std::string& local) { return e.sock && e.sock->local.to_string() == local; }
bool from_server(const Event& e) { return e.addr && e.addr->to_string() == kServer; }
int mode_bits(const Event& e) { return e.data.empty() ? -1 : e.data[0] & 7; }
int poll_byte(const Event& e) { return e.data.size() > 2 ? e.data[2] : -1; }

// Each mode-5 packet read in full on the socket bound to the group.
size_t expect_full_group_reads(const Trace& t, uint32_t client) {
    size_t reads = 0;
    for (const Event& e : t.events) {
        if (!received_ok(e, client) || !on_socket(e, kGroupSocket)) continue;
        SCOPED_TRACE("group read " + to_hex(e.data));
        EXPECT_TRUE(from_server(e)) << (e.addr ? e.addr->to_string() : "no sender");
        EXPECT_EQ(e.ret, kSignedBroadcastBytes);
        EXPECT_EQ(mode_bits(e), 5);
        EXPECT_EQ(poll_byte(e), Lab::kPollLog2) << "the server's `broadcast ... minpoll 3`";
        auto p = ntp::decode(e.data, e.len);
        EXPECT_EQ(p.auth, ntp::Auth::mac);
        EXPECT_EQ(p.key_id, static_cast<uint32_t>(Lab::kKeyId));
        ++reads;
    }
    return reads;
}

// ntpd 4.2.8 also gets each group packet on its wildcard socket, which ignores packets: it
// drains them with a 16-byte read.
size_t expect_drain_reads(const Trace& t, uint32_t client) {
    size_t reads = 0;
    for (const Event& e : t.events) {
        if (!received_ok(e, client) || !on_socket(e, kWildcardSocket)) continue;
        SCOPED_TRACE("wildcard read " + to_hex(e.data));
        EXPECT_TRUE(from_server(e)) << (e.addr ? e.addr->to_string() : "no sender");
        EXPECT_EQ(e.ret, kDrainBytes);
        EXPECT_EQ(mode_bits(e), 5);
        ++reads;
    }
    return reads;
}

struct Exchange {
    size_t requests = 0, replies = 0;
};

// A multicast client measures the delay to a new server with a client/server exchange first.
Exchange count_exchange(const Trace& t, uint32_t client) {
    Exchange x;
    for (const Event& e : t.events) {
        if (e.pid != client || !is_datagram(e.syscall) || e.failed() || !from_server(e)) continue;
        auto p = ntp::decode(e.data, e.len);
        if (p.kind != ntp::Kind::ntp) continue;
        if (is_send(e.syscall) && p.mode == ntp::Mode::client) ++x.requests;
        if (is_receive(e.syscall) && p.mode == ntp::Mode::server) ++x.replies;
    }
    return x;
}

// Without CAP_SYS_TIME every clock change ntpd tries is refused; returns how many were.
size_t expect_clock_changes_refused(const Trace& t, uint32_t client) {
    size_t refused = 0;
    for (const Event& e : t.events) {
        if (e.pid != client || !is_clock(e.syscall)) continue;
        bool changes = !e.timex || e.timex->modes != 0;
        if (changes) {
            EXPECT_EQ(e.err, EPERM) << syscall_name(e.syscall) << " modes " << (e.timex ? e.timex->modes : 0);
        }
        if (e.err == EPERM) ++refused;
    }
    return refused;
}

const NtpqRow* row_of(const std::vector<NtpqRow>& rows, const std::string& remote) {
    for (const NtpqRow& r : rows)
        if (r.remote == remote) return &r;
    return nullptr;
}

void expect_summary_agrees_with_ntpq(const std::string& trace, const std::string& ntpq) {
    SCOPED_TRACE("ntpq -pn:\n" + ntpq);
    std::istringstream in(ntpq);
    std::vector<NtpqRow> rows = parse_ntpq(in);
    const NtpqRow* want = row_of(rows, Lab::kServerIp);
    ASSERT_NE(want, nullptr);
    EXPECT_EQ(want->type, "b") << "ntpq 4.2.8 shows a multicast client's association as `b`";
    EXPECT_EQ(want->poll, 8);

    analysis::HostModel model = app::read_host(trace);
    const analysis::PeerModel* got = model.find_peer(*SockAddr::parse_ip(Lab::kServerIp));
    ASSERT_NE(got, nullptr) << "the server is missing from the summary";
    EXPECT_EQ(analysis::association_type_char(got->type), 'b');
    ASSERT_TRUE(got->poll_log2);
    EXPECT_EQ(*got->poll_log2, Lab::kPollLog2);
    std::cout << std::showbase << std::oct << "reach: summary " << int{got->reach} << ", ntpq " << want->reach
              << std::dec << std::noshowbase << "\n";
    EXPECT_EQ(got->reach, want->reach);
}

TEST_P(ClassicDaemonTest, RecordsMulticastClientFromStartAndAgreesWithItsNtpq) {
    NTPSCOPE_REQUIRE_BPF();
    TimexState before = TimexState::read();
    Lab lab;
    auto client = static_cast<uint32_t>(lab.client_pid());
    std::string ntpq = record_client(lab, GetParam(), trace_);
    lab.stop();
    EXPECT_EQ(TimexState::read(), before) << "before: " << to_string(before)
                                          << "; after: " << to_string(TimexState::read());

    Trace t = load_trace(trace_);
    ASSERT_TRUE(t.has_footer);
    EXPECT_EQ(t.footer.lost, 0u);
    EXPECT_EQ(t.header.attach, GetParam());
    EXPECT_TRUE(std::any_of(t.events.begin(), t.events.end(), [&](const Event& e) {
        return e.pid == client && e.syscall == Syscall::exec && e.comm == "ntpd";
    })) << "the recorder attached before the gated pid became ntpd";

    size_t full = expect_full_group_reads(t, client);
    size_t drains = expect_drain_reads(t, client);
    Exchange exchange = count_exchange(t, client);
    size_t refused = expect_clock_changes_refused(t, client);
    std::cout << "group reads " << full << ", drain reads " << drains << ", requests " << exchange.requests
              << ", replies " << exchange.replies << ", refused clock calls " << refused << "\n";
    EXPECT_GE(full, 3u) << "a mode-5 packet every 8 s for most of 40 s";
    EXPECT_NEAR(static_cast<double>(drains), static_cast<double>(full), 1.0)
        << "every group packet also reaches the wildcard socket";
    EXPECT_GE(exchange.requests, 1u);
    EXPECT_GE(exchange.replies, 1u);
    EXPECT_GE(refused, 1u) << "ntpd calls ntp_adjtime at start-up even with `disable ntp`";

    expect_summary_agrees_with_ntpq(trace_, ntpq);
}

}  // namespace
}  // namespace ntpscope::test
