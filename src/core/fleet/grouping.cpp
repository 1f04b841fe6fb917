#include "core/fleet/grouping.hpp"

#include <algorithm>
#include <tuple>
#include <unordered_map>

namespace ntpscope::fleet {

namespace {

struct Candidate {
    std::vector<size_t> members;
    size_t unknowns = 0;
    const Facts* facts = nullptr;  // all members' (equal signatures)
    bool merged = false;
};

}  // namespace

std::vector<std::vector<size_t>> group_hosts(const std::vector<HostSummary>& hosts) {
    std::unordered_map<std::string_view, size_t> by_signature;
    std::vector<Candidate> groups;
    for (size_t i = 0; i < hosts.size(); ++i) {
        auto [it, fresh] = by_signature.emplace(hosts[i].signature, groups.size());
        if (fresh) groups.push_back(Candidate{{}, hosts[i].unknowns, &hosts[i].facts, false});
        groups[it->second].members.push_back(i);
    }
    const auto first_name = [&](const Candidate& g) -> const std::string& { return hosts[g.members.front()].name; };
    for (Candidate& g : groups)
        std::sort(g.members.begin(), g.members.end(), [&](size_t a, size_t b) { return hosts[a].name < hosts[b].name; });

    // Groups that show most first: each partial group then finds the groups it may join
    // already grown by those that joined them before it.
    std::sort(groups.begin(), groups.end(), [&](const Candidate& a, const Candidate& b) {
        return std::tuple(a.unknowns, b.members.size(), first_name(a)) <
               std::tuple(b.unknowns, a.members.size(), first_name(b));
    });
    for (Candidate& partial : groups) {
        if (partial.unknowns == 0) continue;
        Candidate* target = nullptr;
        for (Candidate& g : groups) {
            if (g.merged || g.unknowns >= partial.unknowns || !compatible(*partial.facts, *g.facts)) continue;
            if (!target || g.members.size() > target->members.size()) target = &g;
        }
        if (!target) continue;
        target->members.insert(target->members.end(), partial.members.begin(), partial.members.end());
        std::sort(target->members.begin(), target->members.end(),
                  [&](size_t a, size_t b) { return hosts[a].name < hosts[b].name; });
        partial.merged = true;
    }
    std::erase_if(groups, [](const Candidate& g) { return g.merged; });
    std::sort(groups.begin(), groups.end(), [&](const Candidate& a, const Candidate& b) {
        return std::tuple(b.members.size(), a.unknowns, first_name(a)) <
               std::tuple(a.members.size(), b.unknowns, first_name(b));
    });
    std::vector<std::vector<size_t>> out;
    for (Candidate& g : groups) out.push_back(std::move(g.members));
    return out;
}

}  // namespace ntpscope::fleet
