#include <gtest/gtest.h>

#include <simdjson.h>

#include <sstream>

#include "core/report/summary_document.hpp"
#include "core/report/summary_render.hpp"
#include "host_events.hpp"

namespace ntpscope::analysis::test {
namespace {

using report::SummaryFormat;

const SockAddr kServer = v4("10.0.0.51:123");

HostModel polled_host() {
    NtpdHost host;
    TraceHeader header;
    header.host = "client-7";
    header.source = "ebpf";
    header.start = kStart;
    TargetInfo ntpd;
    ntpd.pid = 812;
    ntpd.comm = "ntpd";
    header.targets.push_back(ntpd);
    host.analyzer.on_header(header);
    for (int i = 0; i < 10; ++i) host.poll(kServer, kStart + i * 64 * kSecond);
    Timex tx;
    tx.modes = ADJ_OFFSET | ADJ_STATUS;
    tx.offset = 250;
    tx.freq = 65536 * 3;
    tx.status = STA_PLL;
    host.feed(clock_adjtime(kStart + kSecond, tx));
    const Reply last{.t1 = kStart + 9 * 64 * kSecond};
    return host.finish(last.t4() + 97 * kSecond, 2);
}

TEST(SummaryFormat, NtpqColumnHelpers) {
    EXPECT_EQ(report::format_when(97.4), "97");
    EXPECT_EQ(report::format_when(2048), "2048");
    EXPECT_EQ(report::format_when(3000), "50m");
    EXPECT_EQ(report::format_when(7 * 3600), "7h");
    EXPECT_EQ(report::format_when(5 * 86400), "5d");
    EXPECT_EQ(report::format_reach(0377), "377");
    EXPECT_EQ(report::format_reach(0), "0");
    EXPECT_EQ(report::format_ms(0.0065204), "6.520");
    EXPECT_EQ(report::format_utc(kStart + 123 * kMs), "2026-11-26 12:00:00.123");
    EXPECT_EQ(report::parse_summary_format("markdown"), SummaryFormat::markdown);
    EXPECT_FALSE(report::parse_summary_format("html"));
}

std::vector<std::string> words_of_line_starting(const std::string& text, const std::string& start) {
    const size_t at = text.find("\n" + start);
    if (at == std::string::npos) return {};
    std::istringstream line(text.substr(at + 1, text.find('\n', at + 1) - at - 1));
    std::vector<std::string> words;
    for (std::string w; line >> w;) words.push_back(w);
    return words;
}

TEST(SummaryText, NtpqTableSocketsClockAndNotes) {
    const std::string text = report::render_summary(polled_host(), SummaryFormat::text);
    EXPECT_EQ(text.rfind("ntpscope summary: client-7\n", 0), 0u);
    EXPECT_EQ(words_of_line_starting(text, " remote"),
              (std::vector<std::string>{"remote", "refid", "st", "t", "when", "poll", "reach",
                                        "delay", "offset", "jitter"}))
        << text;
    const std::vector<std::string> row = words_of_line_starting(text, " 10.0.0.51");
    ASSERT_EQ(row.size(), 10u) << text;
    EXPECT_EQ(std::vector<std::string>(row.begin(), row.begin() + 7),
              (std::vector<std::string>{"10.0.0.51", ".GPS.", "1", "u", "97", "64", "377"}));
    EXPECT_EQ(row[7], "20.000");  // delay ms
    EXPECT_EQ(row[8], "0.000");   // offset ms
    EXPECT_NE(text.find("interface 10.0.0.2:123"), std::string::npos);
    EXPECT_NE(text.find("EAGAIN x10"), std::string::npos);
    EXPECT_NE(text.find("freq 3.000 ppm, status PLL"), std::string::npos) << text;
    EXPECT_NE(text.find("lost 2 events"), std::string::npos) << text;
}

TEST(SummaryMarkdown, SameTablesAsPipes) {
    const std::string md = report::render_summary(polled_host(), SummaryFormat::markdown);
    EXPECT_NE(md.find("### Peers (ntpq -p, rebuilt from the wire)"), std::string::npos);
    EXPECT_NE(md.find("| remote | refid | st | t | when | poll | reach | delay | offset | jitter |"), std::string::npos);
    EXPECT_NE(md.find("| 10.0.0.51 | .GPS. | 1 | u | 97 | 64 | 377 | 20.000 | 0.000 |"), std::string::npos) << md;
    EXPECT_NE(md.find("| **host** | client-7 |"), std::string::npos) << md;
    EXPECT_NE(md.find("| ADJ_OFFSET\\|ADJ_STATUS x1 |"), std::string::npos) << md;
    EXPECT_NE(md.find("- The recorder lost 2 events"), std::string::npos);
}

TEST(SummaryJson, ParsesAndCarriesTheModel) {
    const std::string text = report::render_summary(polled_host(), SummaryFormat::json);
    simdjson::dom::parser parser;
    simdjson::dom::element doc;
    ASSERT_EQ(parser.parse(text).get(doc), simdjson::SUCCESS) << text;
    EXPECT_EQ(std::string_view(doc["schema"]), "ntpscope.summary/1");
    EXPECT_EQ(int64_t(doc["trace"]["lost"]), 2);
    EXPECT_EQ(std::string_view(doc["trace"]["host"]), "client-7");
    simdjson::dom::element peer = doc["peers"].at(0);
    EXPECT_EQ(std::string_view(peer["address"]), "10.0.0.51");
    EXPECT_EQ(std::string_view(peer["t"]), "u");
    EXPECT_EQ(int64_t(peer["reach"]), 0377);
    EXPECT_EQ(int64_t(peer["poll_log2"]), 6);
    EXPECT_EQ(int64_t(peer["outbound"]["answered"]), 10);
    EXPECT_EQ(int64_t(peer["packets"]["by_mode"]["3"]["sent"]), 10);
    EXPECT_NEAR(double(peer["timing"]["delay_s"]), 0.020, 1e-9);
    EXPECT_EQ(std::string_view(peer["state"]["refid"]), ".GPS.");
    EXPECT_EQ(int64_t(peer["examples"]["request_sent"]["total"]), 10);
    simdjson::dom::element socket = doc["sockets"].at(0);
    EXPECT_EQ(std::string_view(socket["role"]), "interface");
    EXPECT_EQ(int64_t(socket["eagain"]), 10);
    EXPECT_EQ(int64_t(socket["errors"]["EAGAIN"]), 10);
    EXPECT_NEAR(double(doc["clock"]["last"]["freq_ppm"]), 3.0, 1e-12);
    EXPECT_EQ(std::string_view(doc["notes"].at(0)["code"]), "lost_events");
}

TEST(SummaryText, EmptyTraceSaysSo) {
    HostAnalyzer analyzer;
    const std::string text = report::summary_text(analyzer.finish());
    EXPECT_NE(text.find("No NTP association"), std::string::npos);
    EXPECT_NE(text.find("no footer"), std::string::npos);
    EXPECT_NE(text.find("holds no NTP packet"), std::string::npos);
}

}  // namespace
}  // namespace ntpscope::analysis::test
