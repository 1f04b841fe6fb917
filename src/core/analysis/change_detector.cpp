#include "core/analysis/change_detector.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <bit>
#include <cmath>

#include "core/analysis/clock_tracker.hpp"
#include "core/model/clock_step.hpp"
#include "core/model/errno_names.hpp"

namespace ntpscope::analysis {

namespace {

constexpr uint8_t kFullReach = 0xff;

std::string type_text(AssociationType t) { return std::string(1, association_type_char(t)); }
std::string poll_text(int8_t log2) { return fmt::format("{}", uint64_t{1} << std::clamp<int>(log2, 0, 17)); }
std::string reach_text(uint8_t reach) { return fmt::format("{:o}", reach); }

// Polls in a row, newest first, that got no reply (or were not heard): the register's low zeros.
int missed_polls(uint8_t reach) { return std::countr_zero(reach); }

std::string who(const Event& e) {
    return fmt::format("{} pid {}{}", e.comm, e.pid, e.via == Via::libc ? " (via libc)" : "");
}

std::string step_detail(const Event& e) {
    std::string detail = "by " + who(e);
    if (const std::optional<int64_t> target = step_target(e); target && !e.failed())
        detail += fmt::format(", {:+.6f} s", static_cast<double>(*target - e.t) * 1e-9);
    if (e.failed()) detail += ", refused: " + errno_name(e.err);
    return detail;
}

}  // namespace

std::optional<int8_t> live_poll_log2(const PeerModel& p) {
    const IntervalStats& steady = is_listened_to(p.type) ? p.polling.received : p.polling.steady;
    if (steady.stats.count == 0 || steady.last <= 0) return p.poll_log2;
    return static_cast<int8_t>(std::clamp<long>(std::lround(std::log2(steady.last)), 0, 17));
}

std::string_view change_kind_name(ChangeKind kind) {
    switch (kind) {
        case ChangeKind::peer_appeared: return "peer_appeared";
        case ChangeKind::type: return "type";
        case ChangeKind::poll: return "poll";
        case ChangeKind::reach_dropped: return "reach_dropped";
        case ChangeKind::reach_recovered: return "reach_recovered";
        case ChangeKind::kiss_of_death: return "kiss_of_death";
        case ChangeKind::replies_stopped: return "replies_stopped";
        case ChangeKind::replies_resumed: return "replies_resumed";
        case ChangeKind::clock_step: return "clock_step";
        case ChangeKind::daemon_started: return "daemon_started";
        case ChangeKind::daemon_exited: return "daemon_exited";
        case ChangeKind::events_lost: return "events_lost";
    }
    return "unknown";
}

std::vector<Change> ChangeDetector::compare(const std::vector<PeerModel>& peers, int64_t t) {
    std::vector<Change> out;
    for (const PeerModel& peer : peers) compare_peer(peer, t, out);
    return out;
}

void ChangeDetector::compare_peer(const PeerModel& p, int64_t t, std::vector<Change>& out) {
    const std::string name = p.name();
    auto change = [&](ChangeKind kind, std::string from, std::string to, std::string detail = {}) {
        out.push_back(Change{t, kind, name, std::move(from), std::move(to), std::move(detail)});
    };
    auto it = seen_.find(p.address);
    if (it == seen_.end()) {
        // Served clients and control traffic are no association: not news until they become one.
        if (!is_association(p.type)) return;
        it = seen_.emplace(p.address, Seen{}).first;
        change(ChangeKind::peer_appeared, "", type_text(p.type),
               live_poll_log2(p) ? "poll " + poll_text(*live_poll_log2(p)) : "");
        it->second.type = p.type;
    }
    Seen& s = it->second;

    if (s.type != p.type) change(ChangeKind::type, type_text(s.type), type_text(p.type));
    const std::optional<int8_t> poll = live_poll_log2(p);
    if (s.poll && poll && *s.poll != *poll) change(ChangeKind::poll, poll_text(*s.poll), poll_text(*poll));

    if (is_association(p.type)) {
        // One line when a poll is first missed, one when a second in a row makes it an outage,
        // none for the further polls of that outage; reach is news again when it is full.
        const bool newest_missed = !(p.reach & 1);
        if (!s.stopped && missed_polls(p.reach) >= kStoppedPolls && p.last_received_t) {
            change(ChangeKind::replies_stopped, "", "",
                   fmt::format("no reply to the last {} polls", missed_polls(p.reach)));
            s.stopped = s.dropped = true;
        } else if (!s.stopped && newest_missed && (s.reach & 1)) {
            change(ChangeKind::reach_dropped, reach_text(s.reach), reach_text(p.reach));
            s.dropped = true;
        } else if (s.stopped && !newest_missed && p.last_received_t > s.last_received_t) {
            // A packet heard, not only a request whose reply may still come.
            change(ChangeKind::replies_resumed, "", "");
            s.stopped = false;
        }
        if (s.dropped && !s.stopped && p.reach == kFullReach) {
            change(ChangeKind::reach_recovered, reach_text(s.reach), reach_text(p.reach));
            s.dropped = false;
        }
    }
    for (const auto& [code, count] : p.kiss_codes.items)
        if (count && s.kiss_codes.insert(code).second) change(ChangeKind::kiss_of_death, "", "", code);

    s.type = p.type;
    if (poll) s.poll = poll;
    s.reach = p.reach;
    s.last_received_t = p.last_received_t;
}

std::optional<Change> ChangeDetector::on_event(const Event& e) {
    if (e.syscall == Syscall::exec) return Change{e.t, ChangeKind::daemon_started, "", "", "", who(e)};
    if (e.syscall == Syscall::exit) return Change{e.t, ChangeKind::daemon_exited, "", "", "", who(e)};
    if (is_clock(e.syscall) && asks_to_step_clock(e))
        return Change{e.t, ChangeKind::clock_step, "", "", "", step_detail(e)};
    return std::nullopt;
}

std::optional<Change> ChangeDetector::on_lost(uint64_t lost_total, int64_t t) {
    if (lost_total <= lost_) return std::nullopt;
    Change c{t, ChangeKind::events_lost, "", fmt::format("{}", lost_), fmt::format("{}", lost_total), ""};
    lost_ = lost_total;
    return c;
}

}  // namespace ntpscope::analysis
