#include "core/fleet/typical.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <string>
#include <tuple>

namespace ntpscope::fleet {

namespace {

using Measures = std::map<std::string, double>;

Measures measures_of(const HostBehaviour& b) {
    Measures m;
    for (const ServerBehaviour& s : b.servers) {
        const std::string who = s.server.ip_string();
        m[who + " mode-5/h"] = s.broadcasts_per_hour;
        m[who + " requests/h"] = s.steady_requests_per_hour;
        m[who + " unanswered %"] = 100 * s.unanswered_share;
    }
    if (b.clock) m["adjustments/h"] = b.clock->adjust_calls_per_hour;
    m["start-up volleys"] = static_cast<double>(b.startup_volleys);
    return m;
}

// Rates differ by factors, not by amounts: 2/h against 4/h is as far apart as 30/h against 60/h.
double distance(double a, double b) { return std::fabs(std::log2((a + 1) / (b + 1))); }

double median(std::vector<double> values) {
    const auto middle = values.begin() + static_cast<std::ptrdiff_t>(values.size() / 2);
    std::nth_element(values.begin(), middle, values.end());
    return *middle;
}

}  // namespace

size_t most_typical(const std::vector<HostSummary>& hosts, const std::vector<size_t>& members) {
    size_t fewest_unknowns = hosts[members.front()].unknowns;
    for (size_t i : members) fewest_unknowns = std::min(fewest_unknowns, hosts[i].unknowns);
    std::vector<size_t> detailed;
    for (size_t i : members)
        if (hosts[i].unknowns == fewest_unknowns) detailed.push_back(i);

    std::vector<Measures> measures;
    std::map<std::string, std::vector<double>> values;
    for (size_t i : detailed) measures.push_back(measures_of(hosts[i].behaviour));
    for (const Measures& m : measures)
        for (const auto& [name, v] : m) values[name];
    for (const Measures& m : measures)
        for (auto& [name, list] : values) {
            auto it = m.find(name);
            list.push_back(it == m.end() ? 0.0 : it->second);
        }
    Measures medians;
    for (const auto& [name, list] : values) medians[name] = median(list);

    size_t best = 0;
    double best_distance = 0;
    for (size_t k = 0; k < detailed.size(); ++k) {
        double d = 0;
        for (const auto& [name, mid] : medians) {
            auto it = measures[k].find(name);
            d += distance(it == measures[k].end() ? 0.0 : it->second, mid);
        }
        const HostSummary& h = hosts[detailed[k]];
        const HostSummary& b = hosts[detailed[best]];
        if (k == 0 || std::tuple(d, -h.duration, h.name) < std::tuple(best_distance, -b.duration, b.name)) {
            best = k;
            best_distance = d;
        }
    }
    return detailed[best];
}

}  // namespace ntpscope::fleet
