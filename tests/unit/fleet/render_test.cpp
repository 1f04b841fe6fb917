// The fleet report in every format, on a generated fleet with faults.
#include <gtest/gtest.h>

#include <simdjson.h>

#include "app/fleet.hpp"
#include "core/report/fleet_render.hpp"
#include "fleet_hosts.hpp"
#include "temp_dir.hpp"

namespace ntpscope::fleet::test {
namespace {

size_t occurrences(const std::string& text, const std::string& needle) {
    size_t n = 0;
    for (size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++n;
    return n;
}

// One fleet for every test here: 24 healthy hosts (a majority large enough to fold) and the
// four fault groups, plus an input that cannot be read.
const FleetReport& fleet_report() {
    static const FleetReport report = [] {
        TempDir dir;
        app::FleetRequest request;
        request.inputs = write_fleet(mixed_fleet(24, true), dir.path());
        request.inputs.push_back(dir / "missing.trace");
        return app::run_fleet(request).report;
    }();
    return report;
}

TEST(FleetJson, ParsesAndFollowsTheSchema) {
    const FleetReport& r = fleet_report();
    simdjson::dom::parser parser;
    const std::string text = report::fleet_json(r);
    simdjson::dom::element doc;
    ASSERT_EQ(parser.parse(text).get(doc), simdjson::SUCCESS) << text.substr(0, 400);
    EXPECT_EQ(std::string_view(doc["format"]), "ntpscope.fleet/1");
    EXPECT_EQ(int64_t(doc["summary"]["exit_status"]), 2);
    EXPECT_EQ(int64_t(doc["summary"]["outliers"]), 9);

    simdjson::dom::array hosts = doc["hosts"];
    ASSERT_EQ(hosts.size(), 33u);
    for (simdjson::dom::element h : hosts) {
        const int64_t cluster = h["cluster"];
        EXPECT_EQ(bool(h["outlier"]), cluster != 0);
        EXPECT_FALSE(std::string_view(h["name"]).empty());
        EXPECT_FALSE(std::string_view(h["input"]).empty());
    }
    simdjson::dom::array clusters = doc["clusters"];
    ASSERT_EQ(clusters.size(), 5u);
    int64_t previous = INT64_MAX;
    int64_t id = 0;
    for (simdjson::dom::element c : clusters) {
        EXPECT_EQ(int64_t(c["id"]), id);
        EXPECT_EQ(bool(c["majority"]), id == 0);
        const int64_t size = c["size"];
        EXPECT_LE(size, previous);
        previous = size;
        EXPECT_EQ(simdjson::dom::array(c["hosts"]).size(), static_cast<size_t>(size));
        simdjson::dom::array findings = c["findings"];
        EXPECT_EQ(findings.size() == 0, id == 0);
        for (simdjson::dom::element f : findings) {
            // Findings as in diff's JSON (docs/findings.md).
            for (const char* key : {"severity", "rank", "kind", "title", "peer", "socket", "evidence", "meaning",
                                    "next_steps"})
                EXPECT_EQ(f[key].error(), simdjson::SUCCESS) << key;
            EXPECT_EQ(f["evidence"]["good"].error(), simdjson::SUCCESS);
            EXPECT_EQ(f["evidence"]["metrics"].error(), simdjson::SUCCESS);
        }
        ++id;
    }
    simdjson::dom::array unreadable = doc["unreadable"];
    ASSERT_EQ(unreadable.size(), 1u);
    EXPECT_NE(std::string_view(unreadable.at(0)["error"]).find("missing.trace"), std::string_view::npos);
}

TEST(FleetHtml, IsSelfContainedAndFoldsTheMajority) {
    const FleetReport& r = fleet_report();
    const std::string html = report::fleet_html(r);
    EXPECT_EQ(html.find("<script"), std::string::npos);
    EXPECT_EQ(html.find("http://"), std::string::npos);
    EXPECT_EQ(html.find("https://"), std::string::npos);
    EXPECT_EQ(html.find(" src="), std::string::npos);
    // One matrix row per host; the majority's past its typical host inside one <details>.
    EXPECT_EQ(occurrences(html, "<tr data-host="), r.hosts.size());
    EXPECT_EQ(occurrences(html, "<details>"), 1u);
    EXPECT_NE(html.find("the other 23 hosts of the majority"), std::string::npos);
    // Each outlier group's section, findings with ids of their own.
    for (size_t g = 2; g <= r.groups.size(); ++g) {
        EXPECT_NE(html.find("id=\"group-" + std::to_string(g) + "\""), std::string::npos);
        EXPECT_NE(html.find("id=\"group-" + std::to_string(g) + "-finding-1\""), std::string::npos);
    }
    EXPECT_NE(html.find("missing.trace"), std::string::npos);
    // The stuck hosts' s51 cells: unicast, outlined as differing from the majority.
    EXPECT_NE(html.find("class=\"c t-u h-ok d\" title=\"10.1.0.51: unicast"), std::string::npos);
}

TEST(FleetText, ListsTheGroupsTheirHostsAndTopFindings) {
    const std::string text = report::fleet_text(fleet_report(), false);
    EXPECT_NE(text.find("33 hosts in 5 groups: 9 outside the majority."), std::string::npos) << text;
    EXPECT_NE(text.find("Group 1, the majority: 24 hosts"), std::string::npos) << text;
    EXPECT_NE(text.find("hosts: stuck51-0, stuck51-1, stuck51-2"), std::string::npos) << text;
    EXPECT_NE(text.find("CRITICAL stuck_unicast"), std::string::npos) << text;
    EXPECT_NE(text.find("and 14 more"), std::string::npos) << text;
    EXPECT_NE(text.find("Exit status 2"), std::string::npos) << text;
    EXPECT_EQ(text.find('\x1b'), std::string::npos);
    EXPECT_NE(report::fleet_text(fleet_report(), true).find("\x1b[1;31mCRITICAL"), std::string::npos);
}

TEST(FleetMarkdown, HasTheGroupsTableAndASectionPerOutlierGroup) {
    const FleetReport& r = fleet_report();
    const std::string md = report::fleet_markdown(r);
    EXPECT_NE(md.find("| group | hosts | typical host |"), std::string::npos) << md;
    EXPECT_EQ(occurrences(md, "\n## Group "), r.groups.size() - 1);
    EXPECT_NE(md.find("## Inputs that could not be read"), std::string::npos);
}

}  // namespace
}  // namespace ntpscope::fleet::test
