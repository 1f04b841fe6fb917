// The Prometheus exposition of a live host model: families with HELP and TYPE, one sample per
// association, label values escaped, and values taken from the model.
#include <gtest/gtest.h>

#include <cstdlib>
#include <map>
#include <sstream>

#include "core/report/metrics_exposition.hpp"
#include "host_events.hpp"

namespace ntpscope::analysis::test {
namespace {

const SockAddr kServer = v4("10.0.0.51:123");
const SockAddr kQuiet = v4("10.0.0.52:123");
const SockAddr kClient = v4("10.0.0.99:40000");

// Sample lines by their name and labels ("ntpscope_peer_reach{peer=\"10.0.0.51\"}" -> "255"),
// checking on the way that each family is announced once, HELP then TYPE, before its samples.
std::map<std::string, std::string> samples(const std::string& text) {
    std::map<std::string, std::string> out;
    std::map<std::string, int> announced;
    std::istringstream in(text);
    std::string line, help_for;
    while (std::getline(in, line)) {
        if (line.rfind("# HELP ", 0) == 0) {
            help_for = line.substr(7, line.find(' ', 7) - 7);
            EXPECT_EQ(++announced[help_for], 1) << "family announced twice: " << help_for;
            continue;
        }
        if (line.rfind("# TYPE ", 0) == 0) {
            EXPECT_EQ(line.substr(7, help_for.size() + 1), help_for + " ") << "TYPE without its HELP: " << line;
            const std::string type = line.substr(8 + help_for.size());
            EXPECT_TRUE(type == "gauge" || type == "counter") << line;
            continue;
        }
        const size_t space = line.rfind(' ');
        const std::string series = line.substr(0, space);
        const std::string family = series.substr(0, series.find('{'));
        EXPECT_EQ(announced.count(family), 1u) << "sample before its HELP: " << line;
        char* end = nullptr;
        std::strtod(line.c_str() + space + 1, &end);
        EXPECT_EQ(*end, '\0') << "not a number: " << line;
        out[series] = line.substr(space + 1);
    }
    return out;
}

TEST(MetricsExposition, PerAssociationValuesFromTheModel) {
    NtpdHost host;
    for (int i = 0; i < 10; ++i) host.poll(kServer, kStart + i * 64 * kSecond);
    // A second server that sends a Kiss-o'-Death to every request.
    for (int i = 0; i < 3; ++i) {
        const int64_t t1 = kStart + i * 64 * kSecond + kSecond;
        host.feed(send_to(t1, host.iface_fd, host.iface, kQuiet, request(t1, 7)));
        Reply r{.t1 = t1};
        host.feed(receive_from(r.t4(), host.iface_fd, host.iface, kQuiet, r.packet().stratum(0).refid("RATE").bytes()));
    }
    // A client the host serves: not an association, so not a metric.
    host.feed(receive_from(kStart, host.iface_fd, host.iface, kClient, request(kStart)));

    const int64_t now = kStart + 640 * kSecond;
    const std::vector<PeerModel> peers = host.analyzer.peers_at(now);
    const auto s = samples(report::metrics_exposition({1234, 5, peers}));

    EXPECT_EQ(s.at("ntpscope_events_total"), "1234");
    EXPECT_EQ(s.at("ntpscope_events_lost_total"), "5");
    EXPECT_EQ(s.at("ntpscope_peer_info{peer=\"10.0.0.51\",type=\"u\"}"), "1");
    EXPECT_EQ(s.at("ntpscope_peer_reach{peer=\"10.0.0.51\"}"), "255");
    EXPECT_EQ(s.at("ntpscope_peer_poll_seconds{peer=\"10.0.0.51\"}"), "64");
    EXPECT_EQ(s.at("ntpscope_peer_requests_total{peer=\"10.0.0.51\"}"), "10");
    EXPECT_EQ(s.at("ntpscope_peer_replies_total{peer=\"10.0.0.51\"}"), "10");
    // 10 ms out and back, 1 ms in the server: delay 20 ms, offset 0.
    EXPECT_NEAR(std::stod(s.at("ntpscope_peer_delay_seconds{peer=\"10.0.0.51\"}")), 0.020, 1e-6);
    EXPECT_NEAR(std::stod(s.at("ntpscope_peer_offset_seconds{peer=\"10.0.0.51\"}")), 0.0, 1e-6);
    EXPECT_EQ(s.count("ntpscope_peer_jitter_seconds{peer=\"10.0.0.51\"}"), 1u);

    EXPECT_EQ(s.at("ntpscope_peer_info{peer=\"10.0.0.52\",type=\"u\"}"), "1");
    EXPECT_EQ(s.at("ntpscope_peer_reach{peer=\"10.0.0.52\"}"), "0");  // a KoD does not reach
    // Its requests say poll 7 (128 s) but go out every 64 s: the interval is what ntpq shows.
    EXPECT_EQ(s.at("ntpscope_peer_poll_seconds{peer=\"10.0.0.52\"}"), "64");
    EXPECT_EQ(s.at("ntpscope_peer_kod_total{peer=\"10.0.0.52\",code=\"RATE\"}"), "3");
    EXPECT_EQ(s.count("ntpscope_peer_offset_seconds{peer=\"10.0.0.52\"}"), 0u);  // no sample

    for (const auto& [series, value] : s) EXPECT_EQ(series.find("10.0.0.99"), std::string::npos) << series;
}

TEST(MetricsExposition, NoAssociationsStillCountsEvents) {
    const std::string text = report::metrics_exposition({7, 0, {}});
    EXPECT_EQ(text,
              "# HELP ntpscope_events_total Events recorded from the NTP daemon since the start.\n"
              "# TYPE ntpscope_events_total counter\n"
              "ntpscope_events_total 7\n"
              "# HELP ntpscope_events_lost_total Events the kernel could not hand over (ring buffer full), "
              "since the start.\n"
              "# TYPE ntpscope_events_lost_total counter\n"
              "ntpscope_events_lost_total 0\n");
}

TEST(MetricsExposition, LabelValuesEscapedAsTheFormatSays) {
    EXPECT_EQ(report::escape_label_value("a\"b\\c\nd"), "a\\\"b\\\\c\\nd");
    EXPECT_EQ(report::escape_label_value("fe80::1"), "fe80::1");
}

}  // namespace
}  // namespace ntpscope::analysis::test
