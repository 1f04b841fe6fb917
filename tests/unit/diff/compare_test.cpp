#include <gtest/gtest.h>

#include <algorithm>
#include <cerrno>
#include <string>

#include "core/diff/compare.hpp"
#include "scenarios.hpp"

namespace ntpscope::diff::test {
namespace {

DiffReport compare(const HostPair& hosts, const DiffOptions& options = {}) {
    return compare_hosts(hosts.good.analyze(), hosts.bad.analyze(), options);
}

// All findings, one per line, for failure messages.
std::string listing(const DiffReport& r) {
    std::string out;
    for (const Finding& f : r.findings)
        out += std::to_string(f.rank) + ". " + std::string(severity_name(f.severity)) + " " +
               std::string(f.kind_name()) + " " + f.title + "\n";
    return out;
}

void expect_top(const DiffReport& r, Kind kind, std::optional<std::string> peer, Severity severity) {
    ASSERT_FALSE(r.findings.empty());
    const Finding& top = r.findings.front();
    EXPECT_EQ(top.kind_name(), kind_info(kind).name) << listing(r);
    EXPECT_EQ(top.peer, peer) << listing(r);
    EXPECT_EQ(top.severity, severity) << listing(r);
    EXPECT_EQ(top.rank, 1u);
    EXPECT_EQ(r.exit_status(), 1);
}

const Finding* find(const DiffReport& r, Kind kind) {
    auto it = std::find_if(r.findings.begin(), r.findings.end(), [&](const Finding& f) { return f.kind == kind; });
    return it == r.findings.end() ? nullptr : &*it;
}

TEST(CompareHosts, SeedStuckMulticastAssociationIsTheTopFinding) {
    const DiffReport r = compare(seed_stuck_multicast());
    expect_top(r, Kind::stuck_unicast, kS51, Severity::critical);
    const Finding& top = r.findings.front();
    EXPECT_NE(top.title.find("poll 10"), std::string::npos) << top.title;
    EXPECT_NE(top.title.find("type `u`"), std::string::npos) << top.title;
    EXPECT_NE(top.title.find("after a start-up volley"), std::string::npos) << top.title;
    // Its requests leave from the group socket: the start-up exchange's association was left
    // behind, and the advice is the seed's (restart, clock set first), not ntp.conf.
    ASSERT_NE(top.cause, nullptr);
    EXPECT_EQ(top.cause->name, "left_behind");
    EXPECT_NE(top.next_steps().find("set the clock before starting it"), std::string::npos);
    EXPECT_FALSE(top.evidence.good_examples.empty());
    EXPECT_FALSE(top.evidence.bad_examples.empty());
    EXPECT_LE(top.evidence.bad_examples.size(), kMaxExamples);
    // The other three servers behave alike on both hosts: nothing above info about them.
    for (const Finding& f : r.findings) {
        if (f.peer && *f.peer != kS51) {
            EXPECT_EQ(f.severity, Severity::info) << listing(r);
        }
    }
}

TEST(CompareHosts, ServerLineForAMulticastServerIsNamedAsSuch) {
    const DiffReport r = compare(server_line_for_multicast_server());
    expect_top(r, Kind::stuck_unicast, kS51, Severity::critical);
    const Finding& top = r.findings.front();
    ASSERT_NE(top.cause, nullptr);
    EXPECT_EQ(top.cause->name, "configured_server");
    EXPECT_NE(top.title.find("server line in ntp.conf"), std::string::npos) << top.title;
    EXPECT_NE(top.next_steps().find("ntp.conf"), std::string::npos);
    EXPECT_EQ(top.meaning().find("clock step"), std::string::npos) << "no clock step behind this one";
}

TEST(CompareHosts, SeedSocketsMatchByRoleNotFd) {
    const HostPair hosts = seed_stuck_multicast();
    const DiffReport r = compare(hosts);
    auto group = std::find_if(r.sockets.begin(), r.sockets.end(), [](const SocketMatch& m) {
        return m.identity == "multicast_group 224.0.1.1:123";
    });
    ASSERT_NE(group, r.sockets.end());
    ASSERT_TRUE(group->good && group->bad);
    EXPECT_NE(r.good_socket(*group)->fds, r.bad_socket(*group)->fds);  // 23 against 21
    auto iface = std::find_if(r.sockets.begin(), r.sockets.end(),
                              [](const SocketMatch& m) { return m.identity == "interface IPv4"; });
    ASSERT_NE(iface, r.sockets.end());
    EXPECT_TRUE(iface->good && iface->bad);  // 10.1.1.20 against 10.1.1.30
    EXPECT_EQ(find(r, Kind::socket_missing), nullptr) << listing(r);
}

TEST(CompareHosts, KissOfDeathRate) {
    const DiffReport r = compare(kod_rate());
    expect_top(r, Kind::kod_rate, "10.0.0.7", Severity::critical);
    const auto& cited = r.findings.front().evidence.bad_examples;
    EXPECT_TRUE(std::any_of(cited.begin(), cited.end(), [](const Example& e) {
        return e.what.find("[Kiss-o'-Death]") != std::string::npos;
    }));
}

TEST(CompareHosts, RepliesThatNeverArrive) {
    expect_top(compare(lost_replies()), Kind::no_replies, "10.0.0.8", Severity::critical);
}

TEST(CompareHosts, CryptoNakIsAnAuthenticationFailure) {
    expect_top(compare(crypto_nak()), Kind::auth_failure, "10.0.0.9", Severity::critical);
}

TEST(CompareHosts, WrongKeyIdExplainsTheMissingReplies) {
    const DiffReport r = compare(wrong_key());
    expect_top(r, Kind::auth_failure, "10.0.0.9", Severity::critical);
    const Finding* silence = find(r, Kind::no_replies);
    ASSERT_NE(silence, nullptr) << listing(r);
    EXPECT_GT(silence->rank, 1u);
}

TEST(CompareHosts, ClockStepOnOneHost) {
    const DiffReport r = compare(clock_step());
    expect_top(r, Kind::clock_step, std::nullopt, Severity::warning);
    ASSERT_EQ(r.findings.front().evidence.bad_examples.size(), 1u);
    EXPECT_NE(r.findings.front().evidence.bad_examples[0].what.find("+900 ms"), std::string::npos);
}

TEST(CompareHosts, AnotherProcessTriesToDisciplineAndStepTheClock) {
    const DiffReport r = compare(second_clock_discipline());
    const Finding* step = find(r, Kind::foreign_clock_step);
    ASSERT_NE(step, nullptr) << listing(r);
    EXPECT_EQ(step->severity, Severity::warning);  // refused: it tried, the clock did not move
    EXPECT_NE(step->title.find("systemd-timesyn (pid 455) tried to step"), std::string::npos) << step->title;
    const Finding* writers = find(r, Kind::clock_writers);
    ASSERT_NE(writers, nullptr) << listing(r);
    EXPECT_NE(writers->title.find("2 processes"), std::string::npos) << writers->title;
    ASSERT_EQ(writers->evidence.bad_examples.size(), 2u);
    EXPECT_NE(writers->evidence.bad_examples[0].what.find("ntpd (pid 100, the daemon)"), std::string::npos);
    EXPECT_NE(writers->evidence.bad_examples[1].what.find("refused (EPERM)"), std::string::npos);
    // The daemon's own discipline is not mixed with the other process's calls.
    EXPECT_EQ(r.bad.clock.failed, 0u);
    EXPECT_EQ(r.bad.clock.steps, 0u);
}

TEST(CompareHosts, ProcessesTheKernelRefusedDoNotDisciplineTheClock) {
    // As in a lab whose daemons run without CAP_SYS_TIME: tries, every one refused.
    const DiffReport r = compare(refused_clock_disciplines());
    const Finding* writers = find(r, Kind::clock_writers);
    ASSERT_NE(writers, nullptr) << listing(r);
    EXPECT_EQ(writers->severity, Severity::info);
    EXPECT_NE(writers->title.find("2 processes tried to discipline (all refused)"), std::string::npos) << writers->title;
}

TEST(CompareHosts, OnlyTheDaemonTouchingTheClockIsNoFinding) {
    const DiffReport r = compare(clock_step());  // the daemon itself steps: clock_step, not these
    EXPECT_EQ(find(r, Kind::clock_writers), nullptr) << listing(r);
    EXPECT_EQ(find(r, Kind::foreign_clock_step), nullptr) << listing(r);
}

TEST(CompareHosts, MulticastServerTheBadHostNeverHears) {
    HostPair hosts = healthy_multicast();
    const SockAddr server = *SockAddr::parse("10.1.0.12:123");
    std::erase_if(hosts.bad.events, [&](const Event& e) { return e.addr && *e.addr == server; });
    const DiffReport r = compare(hosts);
    expect_top(r, Kind::no_broadcasts, "10.1.0.12", Severity::critical);
    EXPECT_NE(r.findings.front().title.find("every ~64 s"), std::string::npos) << r.findings.front().title;
}

TEST(CompareHosts, SendsAFirewallRefusesAreSocketErrors) {
    HostPair hosts = healthy_unicast();
    const SockAddr server = *SockAddr::parse("10.0.0.6:123");
    std::erase_if(hosts.bad.events, [&](const Event& e) {
        return e.addr && *e.addr == server && is_receive(e.syscall);
    });
    for (Event& e : hosts.bad.events)
        if (e.addr && *e.addr == server) e.ret = -1, e.err = EPERM;
    const DiffReport r = compare(hosts);
    const Finding* errors = find(r, Kind::socket_errors);
    ASSERT_NE(errors, nullptr) << listing(r);
    EXPECT_EQ(errors->severity, Severity::warning);
    EXPECT_NE(errors->title.find("EPERM"), std::string::npos) << errors->title;
    ASSERT_TRUE(errors->socket);
    EXPECT_EQ(errors->socket->identity, "interface IPv4");
    EXPECT_FALSE(errors->evidence.bad_examples.empty());
    EXPECT_EQ(r.exit_status(), 1);
}

TEST(CompareHosts, HealthyUnicastHostsGiveNothingAboveInfo) {
    const DiffReport r = compare(healthy_unicast());
    EXPECT_EQ(r.exit_status(), 0) << listing(r);
    EXPECT_EQ(r.count(Severity::warning) + r.count(Severity::critical), 0u) << listing(r);
    // Every peer of one host is matched with the other's, whatever fd or address it used.
    for (const PeerMatch& m : r.peers) EXPECT_TRUE(m.good && m.bad) << m.name;
}

TEST(CompareHosts, HealthyMulticastHostsWithOneRestartGiveNothingAboveInfo) {
    const DiffReport r = compare(healthy_multicast());
    EXPECT_EQ(r.exit_status(), 0) << listing(r);
}

TEST(CompareHosts, SwappingHealthyHostsStillGivesNothingAboveInfo) {
    const HostPair hosts = healthy_unicast();
    const DiffReport r = compare_hosts(hosts.bad.analyze(), hosts.good.analyze());
    EXPECT_EQ(r.exit_status(), 0) << listing(r);
}

TEST(CompareHosts, AliasMatchesTheSameServerUnderAnotherAddress) {
    HostPair hosts = healthy_unicast();
    const SockAddr old_address = *SockAddr::parse("10.0.0.5:123");
    const SockAddr new_address = *SockAddr::parse("192.0.2.5:123");
    for (Event& e : hosts.bad.events)
        if (e.addr && *e.addr == old_address) e.addr = new_address;

    const DiffReport without = compare(hosts);
    EXPECT_NE(find(without, Kind::peer_missing), nullptr) << listing(without);

    DiffOptions options;
    options.aliases.push_back(*parse_alias("10.0.0.5=192.0.2.5"));
    const DiffReport with = compare(hosts, options);
    EXPECT_EQ(with.exit_status(), 0) << listing(with);
    auto match = std::find_if(with.peers.begin(), with.peers.end(),
                              [](const PeerMatch& m) { return m.name == "10.0.0.5"; });
    ASSERT_NE(match, with.peers.end());
    EXPECT_TRUE(match->good && match->bad);
}

TEST(CompareHosts, ParseAlias) {
    EXPECT_TRUE(parse_alias("10.0.0.5=192.0.2.5"));
    EXPECT_TRUE(parse_alias("fe80::1=10.0.0.1"));
    EXPECT_FALSE(parse_alias("10.0.0.5"));
    EXPECT_FALSE(parse_alias("10.0.0.5=server"));
    EXPECT_FALSE(parse_alias("=10.0.0.5"));
}

TEST(CompareHosts, FindingsAreRankedBySeverityThenWeight) {
    const DiffReport r = compare(wrong_key());
    for (size_t i = 1; i < r.findings.size(); ++i) {
        const Finding& a = r.findings[i - 1];
        const Finding& b = r.findings[i];
        EXPECT_TRUE(a.severity > b.severity || (a.severity == b.severity && a.weight >= b.weight)) << listing(r);
        EXPECT_EQ(b.rank, i + 1);
    }
}

}  // namespace
}  // namespace ntpscope::diff::test
