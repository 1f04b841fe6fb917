#include "core/diff/compare.hpp"

#include <algorithm>

#include "core/diff/detectors.hpp"

namespace ntpscope::diff {

size_t DiffReport::count(Severity s) const {
    return static_cast<size_t>(std::count_if(findings.begin(), findings.end(),
                                             [&](const Finding& f) { return f.severity == s; }));
}

int DiffReport::exit_status() const {
    return count(Severity::warning) + count(Severity::critical) ? 1 : 0;
}

DiffReport compare_hosts(analysis::HostModel good, analysis::HostModel bad, const DiffOptions& options) {
    DiffReport report;
    report.good = std::move(good);
    report.bad = std::move(bad);
    report.peers = match_peers(report.good, report.bad, options.aliases);
    report.sockets = match_sockets(report.good, report.bad, options.aliases);

    std::vector<Finding> findings;
    for (const PeerMatch& m : report.peers) find_peer_differences(report, m, findings);
    for (const SocketMatch& m : report.sockets) find_socket_differences(report, m, findings);
    find_clock_differences(report, findings);
    find_clock_writer_differences(report, findings);
    find_trace_differences(report, findings);
    rank_findings(findings);
    report.findings = std::move(findings);
    return report;
}

}  // namespace ntpscope::diff
