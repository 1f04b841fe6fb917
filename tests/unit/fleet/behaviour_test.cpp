// What a host's behaviour keeps and what it ignores: the noise between healthy hosts leaves
// their facts equal; each fault changes the fact that names it.
#include <gtest/gtest.h>

#include "app/read_host.hpp"
#include "core/fleet/host_summary.hpp"
#include "fleet_hosts.hpp"
#include "temp_dir.hpp"

namespace ntpscope::fleet::test {
namespace {

HostSummary summary_of(uint32_t n, Fault fault = Fault::none) {
    return summarize_host(multicast_client("h", n, fault).analyze(), "h.trace");
}

std::string listing(const std::vector<Difference>& list) {
    std::string out;
    for (const Difference& d : list) out += describe(d) + "\n";
    return out;
}

TEST(FleetBehaviour, HealthyHostsWithNoiseHaveEqualFacts) {
    // fds, addresses, times of day, lengths of 1-4 h, volleys at start and after a restart.
    const HostSummary reference = summary_of(2);
    EXPECT_EQ(reference.unknowns, 0u);
    for (uint32_t n = 0; n < 12; ++n) {
        const HostSummary h = summary_of(n);
        EXPECT_EQ(h.signature, reference.signature) << "host " << n << ":\n"
                                                   << listing(differences(reference.facts, h.facts));
    }
}

TEST(FleetBehaviour, SeedsStuckHostDiffersInItsAssociationWithS51) {
    const std::vector<Difference> d = differences(summary_of(2).facts, summary_of(2, Fault::stuck_on_s51).facts);
    ASSERT_FALSE(d.empty());
    EXPECT_EQ(describe(d.front()), "10.1.0.51: association unicast (majority: multicast)") << listing(d);
    for (const Difference& each : d) EXPECT_TRUE(each.subject == "10.1.0.51" || each.subject == "sockets") << listing(d);
}

TEST(FleetBehaviour, AServerNotHeardIsOneDifference) {
    const std::vector<Difference> d = differences(summary_of(2).facts, summary_of(2, Fault::deaf_to_s12).facts);
    ASSERT_EQ(d.size(), 1u) << listing(d);
    EXPECT_EQ(describe(d.front()), "10.1.0.12: association none (majority: multicast)");
}

TEST(FleetBehaviour, ClockStepsAreAClockFact) {
    const std::vector<Difference> d = differences(summary_of(2).facts, summary_of(2, Fault::steps_clock).facts);
    ASSERT_EQ(d.size(), 1u) << listing(d);
    EXPECT_EQ(describe(d.front()), "clock: steps the clock yes (majority: no)");
}

TEST(FleetBehaviour, ACaptureHidesSocketsAndClockButAgreesWithTheTrace) {
    TempDir dir;
    const std::string pcap = write_host({"cap", Fault::none, Format::pcap}, 3, dir.path());
    const HostSummary captured = summarize_host(app::read_host(pcap), pcap);
    const HostSummary traced = summary_of(3);
    EXPECT_EQ(captured.source, "pcap");
    EXPECT_GT(captured.unknowns, 0u);
    EXPECT_NE(captured.signature, traced.signature);
    EXPECT_TRUE(compatible(captured.facts, traced.facts)) << listing(differences(traced.facts, captured.facts));
    // ... but not with a host that behaves otherwise on the wire.
    EXPECT_FALSE(compatible(captured.facts, summary_of(3, Fault::stuck_on_s51).facts));
}

TEST(FleetBehaviour, AnStraceLogShowsWhatTheTraceShows) {
    TempDir dir;
    const std::string log = write_host({"st", Fault::stuck_on_s51, Format::strace}, 4, dir.path());
    const HostSummary from_strace = summarize_host(app::read_host(log), log);
    EXPECT_EQ(from_strace.source, "strace");
    const HostSummary traced = summary_of(4, Fault::stuck_on_s51);
    EXPECT_TRUE(differences(traced.facts, from_strace.facts).empty())
        << listing(differences(traced.facts, from_strace.facts));
    // strace follows one process: who else touches the clock is unknown, not "none".
    EXPECT_EQ(unknown_count(from_strace.facts), unknown_count(traced.facts) + 1);
    EXPECT_TRUE(compatible(from_strace.facts, traced.facts));
}

TEST(FleetBehaviour, AnotherProcessSettingTheClockSetsAHostApart) {
    const HostSummary healthy = summary_of(1, Fault::none);
    diff::test::HostPair pair = diff::test::second_clock_discipline();
    const HostSummary with_timesyncd = summarize_host(pair.bad.analyze(), "timesyncd.trace");
    EXPECT_FALSE(compatible(with_timesyncd.facts, healthy.facts));
    bool named = false;
    for (const Difference& d : differences(healthy.facts, with_timesyncd.facts))
        named = named || (d.aspect == "other processes setting it" && d.value == "systemd-timesyn");
    EXPECT_TRUE(named) << listing(differences(healthy.facts, with_timesyncd.facts));
}

}  // namespace
}  // namespace ntpscope::fleet::test
