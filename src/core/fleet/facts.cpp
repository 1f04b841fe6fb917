#include "core/fleet/facts.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <utility>

#include <fmt/format.h>

namespace ntpscope::fleet {

namespace {

constexpr std::string_view kNone = "none";

std::string yes_no(bool b) { return b ? "yes" : "no"; }
std::optional<std::string> yes_no(std::optional<bool> b) {
    return b ? std::optional(yes_no(*b)) : std::nullopt;
}
std::string list_or_none(const std::vector<std::string>& items) {
    return items.empty() ? std::string(kNone) : fmt::format("{}", fmt::join(items, ", "));
}

std::string modes_text(uint8_t modes) {
    std::vector<std::string> list;
    for (unsigned m = 0; m < 8; ++m)
        if (modes & (1u << m)) list.push_back(std::to_string(m));
    if (list.empty()) return "nothing";
    return fmt::format("mode{} {}", list.size() > 1 ? "s" : "", fmt::join(list, ", "));
}

std::optional<std::string> keys_text(const std::optional<std::vector<uint32_t>>& keys) {
    if (!keys) return std::nullopt;
    return keys->empty() ? std::string("no MAC") : fmt::format("{}", fmt::join(*keys, ", "));
}

void server_facts(const ServerBehaviour& s, Facts& out) {
    const std::string who = s.server.ip_string();
    const auto add = [&](std::string aspect, std::optional<std::string> value) {
        out.push_back(Fact{who, std::move(aspect), std::move(value)});
    };
    add("association", std::string(analysis::association_type_name(s.type)));
    add("sends outside start-up volleys", modes_text(s.steady_modes_sent));
    add("hears its mode-5 packets", yes_no(s.hears_broadcasts));
    add("poll", s.poll ? std::string(poll_band_name(*s.poll)) : std::string(kNone));
    add("reach", std::string(health_name(s.health)));
    add("bursts after start-up", yes_no(s.later_bursts));
    add("Kiss-o'-Death", list_or_none(s.kiss_codes));
    // Only a polling host signs requests; a restart's volley alone says nothing.
    if (s.steady_modes_sent) add("key ids sent", keys_text(s.keys_sent));
    add("crypto-NAKs", yes_no(s.crypto_naks));
}

void socket_facts(const std::optional<SocketBehaviour>& s, Facts& out) {
    out.push_back(Fact{"sockets", "receive NTP", s ? std::optional(list_or_none(s->receiving)) : std::nullopt});
    out.push_back(Fact{"sockets", "failing calls", s ? std::optional(list_or_none(s->failing)) : std::nullopt});
}

void clock_facts(const std::optional<ClockBehaviour>& c, Facts& out) {
    const auto add = [&](std::string aspect, std::optional<std::string> value) {
        out.push_back(Fact{"clock", std::move(aspect), c ? std::move(value) : std::nullopt});
    };
    const ClockBehaviour none;
    const ClockBehaviour& b = c ? *c : none;
    add("adjusts the clock", yes_no(b.disciplines));
    add("steps the clock", yes_no(b.steps));
    add("unsynchronised (STA_UNSYNC)", yes_no(b.unsynchronised));
    add("frequency at the kernel's limit", yes_no(b.frequency_at_limit));
    add("offset past 128 ms", yes_no(b.offset_past_step));
    add("other processes setting it",
        b.other_writers ? std::optional(list_or_none(*b.other_writers)) : std::nullopt);
}

using Key = std::pair<std::string, std::string>;
std::map<Key, const Fact*> index(const Facts& facts) {
    std::map<Key, const Fact*> out;
    for (const Fact& f : facts) out.emplace(Key{f.subject, f.aspect}, &f);
    return out;
}

std::set<std::string> subjects(const Facts& facts) {
    std::set<std::string> out;
    for (const Fact& f : facts) out.insert(f.subject);
    return out;
}

}  // namespace

Facts facts_of(const HostBehaviour& b) {
    Facts out;
    out.push_back(Fact{"host", "NTP traffic", yes_no(!b.no_ntp)});
    for (const ServerBehaviour& s : b.servers) server_facts(s, out);
    socket_facts(b.sockets, out);
    clock_facts(b.clock, out);
    return out;
}

std::string signature_of(const Facts& facts) {
    std::string out;
    for (const Fact& f : facts) out += fmt::format("{}|{}={}\n", f.subject, f.aspect, f.value.value_or("?"));
    return out;
}

size_t unknown_count(const Facts& facts) {
    return static_cast<size_t>(std::count_if(facts.begin(), facts.end(), [](const Fact& f) { return !f.value; }));
}

bool compatible(const Facts& a, const Facts& b) {
    if (subjects(a) != subjects(b)) return false;
    const auto in_b = index(b);
    for (const Fact& f : a) {
        auto it = in_b.find(Key{f.subject, f.aspect});
        if (it == in_b.end()) {
            if (f.value) return false;  // b lacks an aspect a shows (it does not poll, say)
            continue;
        }
        if (f.value && it->second->value && *f.value != *it->second->value) return false;
    }
    // An aspect only b shows disagrees with a's absence of it.
    const auto in_a = index(a);
    return std::all_of(b.begin(), b.end(), [&](const Fact& f) {
        return !f.value || in_a.count(Key{f.subject, f.aspect});
    });
}

std::vector<Difference> differences(const Facts& reference, const Facts& group) {
    const auto in_group = index(group);
    const std::set<std::string> group_subjects = subjects(group);
    const std::set<std::string> reference_subjects = subjects(reference);
    std::vector<Difference> out;
    std::set<std::string> reported;  // subjects one side lacks: said once
    const auto absent = [&](const std::string& subject, std::string value, std::string reference_value) {
        if (reported.insert(subject).second)
            out.push_back(Difference{subject, "association", std::move(value), std::move(reference_value)});
    };
    for (const Fact& f : reference) {
        if (!group_subjects.count(f.subject)) {
            absent(f.subject, std::string(kNone), f.aspect == "association" ? f.value.value_or("?") : "");
            continue;
        }
        // An aspect only one side has (key ids: only a polling host signs) follows from one
        // both have (what it sends), which is the difference worth reading.
        auto it = in_group.find(Key{f.subject, f.aspect});
        if (it == in_group.end()) continue;
        const std::optional<std::string>& theirs = it->second->value;
        if (f.value && theirs && *f.value != *theirs)
            out.push_back(Difference{f.subject, f.aspect, *theirs, *f.value});
    }
    for (const Fact& f : group)
        if (!reference_subjects.count(f.subject) && f.aspect == "association")
            absent(f.subject, f.value.value_or("?"), std::string(kNone));
    return out;
}

std::string describe(const Difference& d) {
    return fmt::format("{}: {} {} (majority: {})", d.subject, d.aspect, d.value, d.reference);
}

}  // namespace ntpscope::fleet
