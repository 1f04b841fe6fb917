#include "core/analysis/host_notes.hpp"

#include <fmt/format.h>

#include "core/analysis/tuning.hpp"

namespace ntpscope::analysis {

namespace {

uint64_t judged_intervals(const PeerModel& p) {
    return is_listened_to(p.type) ? p.polling.received.stats.count : p.polling.steady.stats.count;
}

// "1 event", "3 events".
std::string count_of(uint64_t n, std::string_view noun) {
    return fmt::format("{} {}{}", n, noun, n == 1 ? "" : "s");
}

std::string name_list(const std::vector<std::string>& names) {
    constexpr size_t kShown = 5;
    std::string out;
    for (size_t i = 0; i < names.size() && i < kShown; ++i) out += (i ? ", " : "") + names[i];
    if (names.size() > kShown) out += fmt::format(" and {} more", names.size() - kShown);
    return out;
}

}  // namespace

std::vector<Note> derive_notes(const HostModel& model) {
    const TraceMeta& meta = model.meta;
    std::vector<Note> notes;
    auto add = [&](NoteCode code, std::string text) { notes.push_back({code, std::move(text)}); };

    if (meta.lost)
        add(NoteCode::lost_events,
            fmt::format("The recorder lost {} (ring buffer full): every count is a lower bound.",
                        count_of(meta.lost, "event")));
    if (!meta.footer)
        add(NoteCode::no_footer,
            "The trace has no footer: the recording was cut short, and events the recorder lost "
            "are not known.");
    else if (meta.footer_events != meta.events)
        add(NoteCode::event_count,
            fmt::format("The footer counts {} but {} read.", count_of(meta.footer_events, "event"),
                        meta.events == 1 ? "1 was" : fmt::format("{} were", meta.events)));
    if (meta.omitted)
        add(NoteCode::omitted_messages,
            fmt::format("The trace lacks {} of recvmmsg/sendmmsg batches, past the recording bound.",
                        count_of(meta.omitted, "message")));
    if (meta.truncated_payloads)
        add(NoteCode::truncated_payloads,
            fmt::format("Only part of {} on NTP sockets was captured: trailers past the capture "
                        "(MAC, NTS) are not counted, and without timestamps a reply is matched to "
                        "its request by arrival time and gives no offset or delay.",
                        count_of(meta.truncated_payloads, "datagram")));
    if (meta.warnings.total()) {
        const auto first = meta.warnings.items();
        add(NoteCode::reader_warnings,
            fmt::format("{} while reading the input, the first: {}",
                        count_of(meta.warnings.total(), "warning"), first.front()));
    }

    std::vector<std::string> unjudged;
    for (const PeerModel& p : model.peers)
        if (is_association(p.type) && judged_intervals(p) < kMinIntervalsToJudgePoll)
            unjudged.push_back(p.name());
    if (!unjudged.empty())
        add(NoteCode::short_trace,
            fmt::format("The trace ({:.0f} s) is too short to judge the poll interval of {}: "
                        "fewer than {} steady intervals each.",
                        meta.duration, name_list(unjudged), kMinIntervalsToJudgePoll));
    if (meta.untracked_peer_packets)
        add(NoteCode::too_many_peers,
            fmt::format("More than {} peers: {} from further peers are only counted per socket.",
                        kMaxPeers, count_of(meta.untracked_peer_packets, "datagram")));

    bool any_ntp = false;
    for (const PeerModel& p : model.peers)
        for (const DirectionCounts& c : p.packets.by_mode) any_ntp = any_ntp || c.total();
    if (!any_ntp) add(NoteCode::no_ntp, "The trace holds no NTP packet.");
    return notes;
}

}  // namespace ntpscope::analysis
