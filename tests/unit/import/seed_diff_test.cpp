// The acceptance: the seed operator's own kinds of evidence, strace logs and tcpdump
// captures of a good and a bad multicast client, give the seed's finding when diffed.
#include <gtest/gtest.h>
#include <pcap/dlt.h>

#include "capture_files.hpp"
#include "app/read_host.hpp"
#include "core/diff/compare.hpp"
#include "core/export/udp_packet.hpp"
#include "import_test_support.hpp"

namespace ntpscope::test {
namespace {

ReadOptions seed_day() {
    ReadOptions options;
    options.date = 1314316800LL * 1'000'000'000;  // 2011-08-26
    return options;
}

void expect_seed_finding(const analysis::HostModel& good, const analysis::HostModel& bad) {
    diff::DiffReport report = diff::compare_hosts(good, bad);
    ASSERT_FALSE(report.findings.empty());
    const diff::Finding& top = report.findings.front();
    EXPECT_EQ(top.kind_name(), "stuck_unicast") << top.title;
    EXPECT_EQ(top.peer, "10.1.1.51");
    EXPECT_EQ(report.exit_status(), 1);
}

TEST(SeedDiff, StraceLogs) {
    expect_seed_finding(app::read_host(fixture("strace/strace4-seed-good-client-t.strace"), seed_day()),
                        app::read_host(fixture("strace/strace4-seed-bad-client-t.strace"), seed_day()));
}

// What tcpdump -s 60 on the client would have captured of the datagrams in its strace log: the
// client's requests leave from its interface address, whatever socket they were sent on.
std::string capture_of(const TempDir& dir, const std::string& name) {
    const SockAddr client = *SockAddr::parse("10.1.1.10:123");
    std::vector<Frame> frames;
    for (const Event& e : read_file(fixture("strace/" + name), seed_day()).events) {
        if (!is_datagram(e.syscall) || e.failed()) continue;
        SockAddr local = e.sock->local.is_multicast() && is_send(e.syscall) ? client : e.sock->local;
        std::vector<uint8_t> packet;
        uint32_t length = is_send(e.syscall) ? pcapng::build_udp_packet(local, *e.addr, e.data, e.len, 0, packet)
                                             : pcapng::build_udp_packet(*e.addr, local, e.data, e.len, 0, packet);
        frames.push_back({e.t, ethernet(packet), length + 14});
    }
    std::string path = dir.file(name + ".pcap");
    write_capture(path, DLT_EN10MB, frames);
    return path;
}

TEST(SeedDiff, Captures) {
    TempDir dir;
    std::string good = capture_of(dir, "strace4-seed-good-client-t.strace");
    std::string bad = capture_of(dir, "strace4-seed-bad-client-t.strace");
    expect_seed_finding(app::read_host(good), app::read_host(bad));
}

}  // namespace
}  // namespace ntpscope::test
