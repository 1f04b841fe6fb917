#include <gtest/gtest.h>

#include <simdjson.h>

#include <fstream>
#include <optional>
#include <regex>
#include <sstream>
#include <string>

#include "core/diff/compare.hpp"
#include "core/report/diff_render.hpp"
#include "scenarios.hpp"

namespace ntpscope::diff::test {
namespace {

using report::DiffFormat;
using Type = simdjson::dom::element_type;

// The JSON type of a member, nullopt when it is missing.
std::optional<Type> type_of(simdjson::simdjson_result<simdjson::dom::element> member) {
    simdjson::dom::element e;
    if (member.get(e) != simdjson::SUCCESS) return std::nullopt;
    return e.type();
}

DiffReport seed_report() {
    const HostPair hosts = seed_stuck_multicast();
    return compare_hosts(hosts.good.analyze(), hosts.bad.analyze());
}

size_t occurrences(const std::string& text, const std::string& needle) {
    size_t n = 0;
    for (size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++n;
    return n;
}

TEST(DiffJson, ParsesAndFollowsTheSchema) {
    const DiffReport r = seed_report();
    const std::string text = report::render_diff(r, DiffFormat::json);
    simdjson::dom::parser parser;
    simdjson::dom::element doc;
    ASSERT_EQ(parser.parse(text).get(doc), simdjson::SUCCESS) << text;

    EXPECT_EQ(std::string_view(doc["format"]), "ntpscope-diff");
    EXPECT_EQ(int64_t(doc["version"]), 1);
    for (const char* side : {"good", "bad"}) {
        simdjson::dom::object host = doc[side];
        EXPECT_EQ(type_of(host["host"]), Type::STRING) << side;
        EXPECT_GT(double(host["duration_s"]), 0) << side;
        EXPECT_EQ(type_of(host["targets"]), Type::ARRAY) << side;
    }
    EXPECT_EQ(int64_t(doc["summary"]["exit_status"]), 1);

    simdjson::dom::array findings = doc["findings"];
    ASSERT_EQ(findings.size(), r.findings.size());
    int64_t previous_rank = 0;
    for (simdjson::dom::element f : findings) {
        for (const char* key : {"severity", "kind", "title", "meaning", "next_steps"})
            EXPECT_EQ(type_of(f[key]), Type::STRING) << key;
        const int64_t rank = f["rank"];
        EXPECT_EQ(rank, previous_rank + 1);
        previous_rank = rank;
        const auto peer = type_of(f["peer"]);
        EXPECT_TRUE(peer == Type::STRING || peer == Type::NULL_VALUE);
        const auto socket = type_of(f["socket"]);
        EXPECT_TRUE(socket == Type::OBJECT || socket == Type::NULL_VALUE);
        for (const char* side : {"good", "bad"})
            EXPECT_EQ(type_of(f["evidence"][side]["examples"]), Type::ARRAY) << side;
        // Every metric the list describes has a value (maybe null) on both hosts.
        for (simdjson::dom::element m : f["evidence"]["metrics"].get_array()) {
            const std::string_view key = m["key"];
            EXPECT_TRUE(type_of(f["evidence"]["good"][key])) << key;
            EXPECT_TRUE(type_of(f["evidence"]["bad"][key])) << key;
        }
    }
    simdjson::dom::element top = findings.at(0);
    EXPECT_EQ(std::string_view(top["kind"]), "stuck_unicast");
    EXPECT_EQ(std::string_view(top["severity"]), "critical");
    EXPECT_EQ(std::string_view(top["peer"]), kS51);
    EXPECT_EQ(int64_t(top["evidence"]["bad"]["poll"]), 10);
}

TEST(DiffHtml, SelfContainedWithOneTimelinePerPeer) {
    const DiffReport r = seed_report();
    const std::string html = report::render_diff(r, DiffFormat::html);
    EXPECT_EQ(html.rfind("<!DOCTYPE html>", 0), 0u);
    EXPECT_EQ(html.find("http://"), std::string::npos);
    EXPECT_EQ(html.find("https://"), std::string::npos);
    EXPECT_FALSE(std::regex_search(html, std::regex(R"(<[^>]*\s(src|href)\s*=)", std::regex::icase)));
    EXPECT_EQ(html.find("<script"), std::string::npos);
    EXPECT_EQ(html.find("@import"), std::string::npos);
    EXPECT_EQ(html.find("url("), std::string::npos);

    EXPECT_EQ(occurrences(html, "<svg class=\"timeline\""), r.peers.size());
    for (const PeerMatch& m : r.peers)
        EXPECT_EQ(occurrences(html, "data-peer=\"" + m.name + "\""), 1u) << m.name;
    // Both hosts' reconstructed peer tables.
    EXPECT_EQ(occurrences(html, "Peers (ntpq -p, rebuilt from the wire)"), 2u);
    EXPECT_NE(html.find("id=\"finding-1\" data-kind=\"stuck_unicast\""), std::string::npos);
}

TEST(DiffHtml, TimelineShowsTheBadHostsPollsAgainstTheGoodHostsSilence) {
    const DiffReport r = seed_report();
    const std::string html = report::render_diff(r, DiffFormat::html);
    const size_t at = html.find("data-peer=\"10.1.0.51\"");
    ASSERT_NE(at, std::string::npos);
    const std::string svg = html.substr(at, html.find("</svg>", at) - at);
    EXPECT_NE(svg.find("bad host sent mode 3 (client): 10 packets"), std::string::npos) << svg;
    EXPECT_NE(svg.find("good host sent mode 3 (client): 8 packets"), std::string::npos) << svg;
}

TEST(DiffHtml, EscapesHostileNamesFromTheTrace) {
    HostPair hosts = healthy_unicast();
    const std::string hostile = "<img src=\"x\" onerror=alert(1)>&\"'";
    hosts.bad.header.host = hostile;
    hosts.bad.header.targets[0].comm = "<script>alert(1)</script>";
    const DiffReport r = compare_hosts(hosts.good.analyze(), hosts.bad.analyze());
    const std::string html = report::render_diff(r, DiffFormat::html);
    EXPECT_EQ(html.find("<img"), std::string::npos);
    EXPECT_EQ(html.find("<script"), std::string::npos);
    EXPECT_NE(html.find("&lt;img src=&quot;x&quot; onerror=alert(1)&gt;&amp;&quot;&#39;"), std::string::npos);
    EXPECT_NE(html.find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
}

TEST(DiffMarkdown, TablesForHostsFindingsEvidenceAndPeers) {
    const DiffReport r = seed_report();
    const std::string md = report::render_diff(r, DiffFormat::markdown);
    EXPECT_NE(md.find("| # | severity | kind | finding |\n|---|---|---|---|\n| 1 | critical | `stuck_unicast` | 10.1.0.51: "),
              std::string::npos)
        << md;
    EXPECT_NE(md.find("| evidence | good host | bad host |\n|---|---|---|\n"), std::string::npos);
    EXPECT_NE(md.find("| poll (log2 s) | 6 | 10 |"), std::string::npos) << md;
    EXPECT_EQ(occurrences(md, "| remote | refid | st | t | when | poll | reach | delay | offset | jitter |"), 2u);
    EXPECT_NE(md.find("| 10.1.0.51 | 10.1.0.1 | 2 | u |"), std::string::npos) << md;
    EXPECT_NE(md.find("```text\n2026-"), std::string::npos);
}

TEST(DiffMarkdown, PipesAndMarkupFromTheTraceCannotBreakATable) {
    HostPair hosts = healthy_unicast();
    hosts.bad.header.host = "bad|host<b>";
    const DiffReport r = compare_hosts(hosts.good.analyze(), hosts.bad.analyze());
    const std::string md = report::render_diff(r, DiffFormat::markdown);
    EXPECT_NE(md.find("| host | good-client | bad\\|host&lt;b&gt; |"), std::string::npos) << md;
}

TEST(DiffText, ColourOnlyWhenAsked) {
    const DiffReport r = seed_report();
    const std::string plain = report::render_diff(r, DiffFormat::text, false);
    EXPECT_EQ(plain.find('\x1b'), std::string::npos);
    EXPECT_NE(plain.find("1. CRITICAL stuck_unicast"), std::string::npos) << plain;
    const std::string coloured = report::render_diff(r, DiffFormat::text, true);
    EXPECT_NE(coloured.find("\x1b[1;31mCRITICAL\x1b[0m"), std::string::npos);
}

TEST(DiffText, TerminalEscapesFromTheTraceAreNeutralised) {
    HostPair hosts = healthy_unicast();
    hosts.bad.header.host = "bad\x1b]0;owned\x07host";
    const DiffReport r = compare_hosts(hosts.good.analyze(), hosts.bad.analyze());
    const std::string text = report::render_diff(r, DiffFormat::text, false);
    EXPECT_EQ(text.find('\x1b'), std::string::npos);
    EXPECT_NE(text.find("bad?]0;owned?host"), std::string::npos);
}

TEST(DiffText, WantColourOnlyOnATerminalWithoutNoColor) {
    EXPECT_TRUE(report::want_colour(true, nullptr));
    EXPECT_TRUE(report::want_colour(true, ""));
    EXPECT_FALSE(report::want_colour(true, "1"));
    EXPECT_FALSE(report::want_colour(false, nullptr));
}

TEST(DiffFormats, TracesWithoutNtpRenderInEveryFormat) {
    HostTrace empty;
    empty.header.host = "quiet";
    empty.header.start = kStart;
    empty.end = kStart;
    const HostPair hosts = healthy_unicast();
    const DiffReport r = compare_hosts(hosts.good.analyze(), empty.analyze());
    ASSERT_FALSE(r.findings.empty());
    EXPECT_EQ(r.findings.front().kind, Kind::no_ntp);
    EXPECT_EQ(r.findings.front().severity, Severity::critical);
    for (DiffFormat f : {DiffFormat::text, DiffFormat::markdown, DiffFormat::json, DiffFormat::html})
        EXPECT_NE(report::render_diff(r, f).find("no NTP packet"), std::string::npos);
}

TEST(DiffFormats, ParseNames) {
    EXPECT_EQ(report::parse_diff_format("html"), DiffFormat::html);
    EXPECT_EQ(report::parse_diff_format("markdown"), DiffFormat::markdown);
    EXPECT_FALSE(report::parse_diff_format("pdf"));
}

TEST(DiffCatalogue, EveryKindIsDocumentedInFindingsMd) {
    std::ifstream in(std::string(NTPSCOPE_FIXTURES) + "/../../docs/findings.md");
    ASSERT_TRUE(in) << "docs/findings.md is missing";
    std::stringstream buffer;
    buffer << in.rdbuf();
    const std::string doc = buffer.str();
    for (const KindInfo& k : catalogue()) {
        EXPECT_NE(doc.find("### `" + std::string(k.name) + "`"), std::string::npos) << k.name;
        EXPECT_FALSE(k.meaning.empty());
        EXPECT_FALSE(k.next_steps.empty());
    }
}

}  // namespace
}  // namespace ntpscope::diff::test
