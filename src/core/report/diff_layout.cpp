#include "core/report/diff_layout.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "core/diff/evidence.hpp"

namespace ntpscope::report {

namespace {

std::string trace_span(const analysis::TraceMeta& meta) {
    return fmt::format("{} UTC, {:.0f} s", format_utc(meta.start), meta.duration);
}

std::string daemon(const analysis::TraceMeta& meta) {
    std::vector<std::string> targets;
    for (const TargetInfo& t : meta.targets) targets.push_back(fmt::format("{} (pid {})", t.comm, t.pid));
    return targets.empty() ? "-" : fmt::format("{}", fmt::join(targets, ", "));
}

size_t associations(const analysis::HostModel& host) {
    return static_cast<size_t>(std::count_if(host.peers.begin(), host.peers.end(), [](const auto& p) {
        return analysis::is_association(p.type);
    }));
}

}  // namespace

std::string value_text(const diff::Value& value, std::string_view unit) {
    if (const auto* n = std::get_if<int64_t>(&value)) return fmt::format("{}", *n);
    if (const auto* s = std::get_if<std::string>(&value)) return s->empty() ? "-" : *s;
    const auto* d = std::get_if<double>(&value);
    if (!d) return "-";
    if (unit == "s") return diff::seconds_text(*d);
    if (unit == "/h") return fmt::format("{:.1f}", *d);
    if (unit == "ppm") return fmt::format("{:.3f} ppm", *d);
    return fmt::format("{:.3g}", *d);
}

SummaryTable evidence_table(const diff::Finding& finding) {
    SummaryTable t{"Evidence", {"evidence", "good host", "bad host"}, {}, "No figures."};
    for (const diff::Metric& m : finding.evidence.metrics)
        t.rows.push_back({m.unit == "/h" ? m.label + " per hour" : m.label, value_text(m.good, m.unit),
                          value_text(m.bad, m.unit)});
    return t;
}

SummaryTable hosts_table(const diff::DiffReport& report) {
    const analysis::TraceMeta& g = report.good.meta;
    const analysis::TraceMeta& b = report.bad.meta;
    SummaryTable t{"Hosts", {"", "good host", "bad host"}, {}, ""};
    const auto row = [&](std::string label, std::string good, std::string bad) {
        t.rows.push_back({std::move(label), std::move(good), std::move(bad)});
    };
    row("host", g.host.empty() ? "-" : g.host, b.host.empty() ? "-" : b.host);
    row("daemon", daemon(g), daemon(b));
    row("trace", trace_span(g), trace_span(b));
    row("source", g.source, b.source);
    row("events", fmt::format("{} ({} lost)", g.events, g.lost), fmt::format("{} ({} lost)", b.events, b.lost));
    row("associations", fmt::format("{}", associations(report.good)), fmt::format("{}", associations(report.bad)));
    return t;
}

std::string severity_counts(const std::vector<diff::Finding>& findings) {
    const auto count = [&](diff::Severity s) {
        return std::count_if(findings.begin(), findings.end(), [&](const diff::Finding& f) { return f.severity == s; });
    };
    return fmt::format("{} critical, {} warning, {} info", count(diff::Severity::critical),
                       count(diff::Severity::warning), count(diff::Severity::info));
}

std::string exit_status_text(const diff::DiffReport& report) {
    return report.exit_status() ? "Exit status 1: findings above info."
                                : "Exit status 0: no finding above info.";
}

std::vector<const diff::PeerMatch*> compared_peers(const diff::DiffReport& report) {
    std::vector<const diff::PeerMatch*> out;
    for (const diff::PeerMatch& m : report.peers) {
        const auto associated = [](const analysis::PeerModel* p) {
            return p && analysis::is_association(p->type);
        };
        const bool named = std::any_of(report.findings.begin(), report.findings.end(),
                                       [&](const diff::Finding& f) { return f.peer == m.name; });
        if (associated(report.good_peer(m)) || associated(report.bad_peer(m)) || named) out.push_back(&m);
    }
    return out;
}

std::string html_escape(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            case '\'': out += "&#39;"; break;
            default: out += c;
        }
    }
    return out;
}

std::string example_line(const diff::Example& example) {
    return fmt::format("{}  {}", format_utc(example.t), example.what);
}

}  // namespace ntpscope::report
