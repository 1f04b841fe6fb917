// `fleet` end to end below the CLI: generated fleets written as files, read by app::run_fleet.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>

#include "app/fleet.hpp"
#include "core/model/error.hpp"
#include "core/report/fleet_render.hpp"
#include "fleet_hosts.hpp"
#include "temp_dir.hpp"

namespace ntpscope::fleet::test {
namespace {

std::vector<std::string> names_in(const FleetReport& r, const Group& g) {
    std::vector<std::string> out;
    for (size_t i : g.hosts) out.push_back(r.hosts[i].name);
    return out;
}

std::string listing(const FleetReport& r) { return report::fleet_text(r, false); }

app::FleetRun run(std::vector<std::string> inputs, unsigned jobs = 2) {
    app::FleetRequest request;
    request.inputs = std::move(inputs);
    request.jobs = jobs;
    return app::run_fleet(request);
}

TEST(Fleet, HealthyMixedFleetIsOneGroup) {
    TempDir dir;
    write_fleet(mixed_fleet(16, false), dir.path());
    const app::FleetRun r = run({dir.path()});
    ASSERT_EQ(r.report.groups.size(), 1u) << listing(r.report);
    EXPECT_EQ(r.report.hosts.size(), 16u);
    EXPECT_EQ(r.report.exit_status(), 0);
    std::map<std::string, int> sources;
    for (const HostSummary& h : r.report.hosts) ++sources[h.source];
    EXPECT_GT(sources["ebpf"], 0);
    EXPECT_GT(sources["strace"], 0);
    EXPECT_GT(sources["pcap"], 0);
    // The typical host shows every fact: a trace or strace log, never a capture.
    EXPECT_NE(r.report.hosts[r.report.majority().typical].source, "pcap");
}

TEST(Fleet, FaultGroupsHoldExactlyTheFaultyHostsAndNameTheirServer) {
    TempDir dir;
    write_fleet(mixed_fleet(16, true), dir.path());
    const app::FleetRun r = run({dir.path()});
    const FleetReport& report = r.report;
    ASSERT_EQ(report.groups.size(), 5u) << listing(report);
    EXPECT_EQ(report.majority().hosts.size(), 16u);
    for (size_t i : report.majority().hosts) EXPECT_EQ(report.hosts[i].name.rfind("host-", 0), 0u) << listing(report);
    EXPECT_EQ(report.outliers(), 9u);
    EXPECT_EQ(report.exit_status(), 1);

    struct Expected {
        std::vector<std::string> hosts;
        std::string kind;
        std::optional<std::string> peer;
    };
    const std::vector<Expected> expected = {
        {{"stuck51-0", "stuck51-1", "stuck51-2"}, "stuck_unicast", "10.1.0.51"},
        {{"deaf12-0", "deaf12-1"}, "no_broadcasts", "10.1.0.12"},
        {{"stepper-0", "stepper-1"}, "clock_step", std::nullopt},
        {{"stuck52-0", "stuck52-1"}, "stuck_unicast", "10.1.0.52"},
    };
    for (size_t g = 1; g < report.groups.size(); ++g) {
        const Group& group = report.groups[g];
        const std::vector<std::string> names = names_in(report, group);
        auto it = std::find_if(expected.begin(), expected.end(), [&](const Expected& e) { return e.hosts == names; });
        ASSERT_NE(it, expected.end()) << "unexpected group " << g << "\n" << listing(report);
        ASSERT_FALSE(group.findings.empty()) << listing(report);
        const diff::Finding& top = group.findings.front();
        EXPECT_EQ(top.kind_name(), it->kind) << listing(report);
        EXPECT_EQ(top.peer, it->peer) << listing(report);
        EXPECT_NE(top.severity, diff::Severity::info) << listing(report);
    }
}

TEST(Fleet, AnUnreadableInputIsNamedAndTheOthersAreAnalysed) {
    TempDir dir;
    const std::vector<std::string> paths = write_fleet(mixed_fleet(6, false), dir.path());
    std::ofstream(dir / "garbage.trace") << "this is no trace\n";
    std::vector<std::string> inputs = paths;
    inputs.push_back(dir / "garbage.trace");
    inputs.push_back(dir / "missing.trace");
    const app::FleetRun r = run(inputs);
    EXPECT_EQ(r.report.hosts.size(), 6u);
    ASSERT_EQ(r.report.unreadable.size(), 2u);
    EXPECT_EQ(r.report.unreadable[0].input, dir / "garbage.trace");
    EXPECT_NE(r.report.unreadable[0].error.find("garbage.trace: not an ntpscope trace"), std::string::npos);
    EXPECT_EQ(r.report.unreadable[1].input, dir / "missing.trace");
    EXPECT_NE(r.report.unreadable[1].error.find("missing.trace: cannot open"), std::string::npos);
    EXPECT_EQ(r.report.groups.size(), 1u);
    EXPECT_EQ(r.report.exit_status(), 2);
}

TEST(Fleet, NothingReadableIsAnError) {
    TempDir dir;
    std::ofstream(dir / "notes.txt") << "no recording here\n";
    EXPECT_THROW(run({dir.path()}), InputError);
    EXPECT_THROW(run({dir / "missing.trace"}), InputError);
}

TEST(Fleet, DirectoriesContributeTheirRecordingsOnly) {
    TempDir dir;
    std::filesystem::create_directory(dir / "a");
    std::filesystem::create_directory(dir / "a/nested");
    const std::vector<FleetHost> fleet = mixed_fleet(8, false);
    for (uint32_t n = 0; n < 6; ++n) write_host(fleet[n], n, dir / "a");
    write_host(fleet[6], 6, dir / "a/nested");  // not recursive: left alone
    const std::string single = write_host(fleet[7], 7, dir.path());
    std::ofstream(dir / "a/README.txt") << "recorded on 2026-11-26\n";
    std::ofstream(dir / "a/empty.trace");

    const app::FleetRun r = run({dir / "a", single, dir / "a"});
    EXPECT_EQ(r.report.hosts.size(), 7u) << listing(r.report);
    EXPECT_EQ(r.skipped, 2u);
    EXPECT_TRUE(r.report.unreadable.empty());
    for (const HostSummary& h : r.report.hosts) EXPECT_NE(h.name, fleet[6].name);
}

TEST(Fleet, HostsAreNamedByUniqueHeaderHostElseFileName) {
    std::vector<HostSummary> hosts(5);
    hosts[0].header_host = "alpha", hosts[0].input = "d/one.trace";
    hosts[1].header_host = "dup", hosts[1].input = "d/two.trace";
    hosts[2].header_host = "dup", hosts[2].input = "d/three.trace";
    hosts[3].input = "d/four.strace.log";
    hosts[4].input = "e/two.pcap";  // its file name is taken by another host: the path stays
    app::name_hosts(hosts);
    EXPECT_EQ(hosts[0].name, "alpha");
    EXPECT_EQ(hosts[1].name, "d/two.trace");
    EXPECT_EQ(hosts[2].name, "three");
    EXPECT_EQ(hosts[3].name, "four.strace");
    EXPECT_EQ(hosts[4].name, "e/two.pcap");
}

TEST(Fleet, TheNumberOfThreadsDoesNotChangeTheReport) {
    TempDir dir;
    write_fleet(mixed_fleet(10, true), dir.path());
    EXPECT_EQ(report::fleet_json(run({dir.path()}, 1).report), report::fleet_json(run({dir.path()}, 4).report));
}

}  // namespace
}  // namespace ntpscope::fleet::test
