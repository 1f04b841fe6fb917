// What a person watching a daemon for weeks wants to be told, as it happens: the peers compared
// snapshot to snapshot (type, poll, reach, KoD, replies), and the events that are news on
// their own (a clock step, the daemon starting or ending, events lost). Keeps a few bytes per
// peer, never the events, so memory stays bounded however long it runs.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/analysis/peer_model.hpp"
#include "core/model/event.hpp"

namespace ntpscope::analysis {

enum class ChangeKind : uint8_t {
    peer_appeared,    // a new association (to: its type)
    type,             // association type (from, to: 'u', 'm', ...; '-' when no longer one)
    poll,             // poll interval (from, to: seconds)
    reach_dropped,    // the newest poll went unanswered or unheard (from, to: octal reach)
    reach_recovered,  // reach full again (377) after a drop
    kiss_of_death,    // the first KoD with this code from the peer (detail: the code)
    replies_stopped,  // no reply to kStoppedPolls polls in a row
    replies_resumed,  // a reply again after they stopped
    clock_step,       // detail: who asked, by how much, whether the kernel refused
    daemon_started,   // a traced process appeared (exec, or a --comm match)
    daemon_exited,
    events_lost,      // from, to: the lost count before and after
};
std::string_view change_kind_name(ChangeKind kind);  // "type", "replies_stopped", ...

struct Change {
    int64_t t = 0;  // ns since the epoch
    ChangeKind kind = ChangeKind::type;
    std::string peer;    // IP; empty for a change of the host's
    std::string from;    // value before, when the change has one
    std::string to;      // value after
    std::string detail;  // further words (KoD code, who stepped the clock); may hold trace text
    bool operator==(const Change&) const = default;
};

// The poll interval (log2 s) a live view shows, as ntpq's poll column does: the last steady
// interval between the host's requests (u, s) or the peer's packets (m, b), rounded to a power
// of two; the poll field until such an interval is known. NTPsec's requests carry poll 0
// whatever their interval (data minimisation), so the field alone would disagree with its ntpq.
std::optional<int8_t> live_poll_log2(const PeerModel& peer);

// Polls in a row without a reply before "replies stopped": one lost poll is a reach drop, two
// mean the server (or the path) stopped answering.
inline constexpr int kStoppedPolls = 2;

class ChangeDetector {
public:
    // The peers as they stand at `t` (HostAnalyzer::peers_at): the changes since the last call.
    // The first call reports every association as appeared.
    std::vector<Change> compare(const std::vector<PeerModel>& peers, int64_t t);
    // A clock step, or a traced process starting or ending; nothing for other events.
    std::optional<Change> on_event(const Event& event);
    // The recorder's running count of lost events.
    std::optional<Change> on_lost(uint64_t lost_total, int64_t t);

private:
    struct Seen {
        AssociationType type = AssociationType::none;
        std::optional<int8_t> poll;
        uint8_t reach = 0;
        int64_t last_received_t = 0;
        bool dropped = false;  // a poll was missed and reach is not full again
        bool stopped = false;  // "replies stopped" was reported, no reply since
        std::set<std::string> kiss_codes;  // at most the model's cap of distinct codes
    };
    void compare_peer(const PeerModel& peer, int64_t t, std::vector<Change>& out);

    std::map<SockAddr, Seen> seen_;  // the peers the analysis tracks, no more (kMaxPeers)
    uint64_t lost_ = 0;
};

}  // namespace ntpscope::analysis
