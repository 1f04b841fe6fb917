#include "core/report/metrics_exposition.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <functional>
#include <optional>
#include <vector>

#include "core/analysis/change_detector.hpp"
#include "core/ntp/packet.hpp"

namespace ntpscope::report {

namespace {

using analysis::AssociationType;
using analysis::PeerModel;

void family(std::string& out, std::string_view name, std::string_view type, std::string_view help) {
    fmt::format_to(std::back_inserter(out), "# HELP {} {}\n# TYPE {} {}\n", name, help, name, type);
}

// One sample per association that has a value; families without any sample are left out.
void per_peer(std::string& out, const std::vector<const PeerModel*>& peers, std::string_view name,
              std::string_view type, std::string_view help,
              const std::function<std::optional<double>(const PeerModel&)>& value) {
    std::string samples;
    for (const PeerModel* p : peers)
        if (const std::optional<double> v = value(*p))
            fmt::format_to(std::back_inserter(samples), "{}{{peer=\"{}\"}} {}\n", name,
                           escape_label_value(p->name()), *v);
    if (samples.empty()) return;
    family(out, name, type, help);
    out += samples;
}

std::optional<double> timed(const PeerModel& p, double analysis::Timing::*field) {
    const analysis::Timing& t = p.shown_timing();
    if (t.samples == 0) return std::nullopt;
    return t.*field;
}

// Replies for a polled peer; for a multicast or broadcast server, the packets heard from it.
uint64_t replies(const PeerModel& p) {
    if (analysis::is_listened_to(p.type)) return p.packets.by_mode[static_cast<size_t>(ntp::Mode::broadcast)].received;
    return p.outbound.answered;
}

}  // namespace

std::string escape_label_value(std::string_view value) {
    std::string out;
    out.reserve(value.size());
    for (char c : value) {
        if (c == '\\') out += "\\\\";
        else if (c == '"') out += "\\\"";
        else if (c == '\n') out += "\\n";
        else out += c;
    }
    return out;
}

std::string metrics_exposition(const MetricsSnapshot& s) {
    std::string out;
    family(out, "ntpscope_events_total", "counter", "Events recorded from the NTP daemon since the start.");
    fmt::format_to(std::back_inserter(out), "ntpscope_events_total {}\n", s.events);
    family(out, "ntpscope_events_lost_total", "counter",
           "Events the kernel could not hand over (ring buffer full), since the start.");
    fmt::format_to(std::back_inserter(out), "ntpscope_events_lost_total {}\n", s.lost);

    std::vector<const PeerModel*> peers;
    for (const PeerModel& p : s.peers)
        if (analysis::is_association(p.type)) peers.push_back(&p);
    if (peers.empty()) return out;

    family(out, "ntpscope_peer_info", "gauge", "An association as ntpq -p lists it; type is its t column.");
    for (const PeerModel* p : peers)
        fmt::format_to(std::back_inserter(out), "ntpscope_peer_info{{peer=\"{}\",type=\"{}\"}} 1\n",
                       escape_label_value(p->name()), analysis::association_type_char(p->type));
    per_peer(out, peers, "ntpscope_peer_reach", "gauge",
             "Reach register of the last 8 polls (0-255; ntpq shows it in octal).",
             [](const PeerModel& p) { return std::optional<double>(p.reach); });
    per_peer(out, peers, "ntpscope_peer_poll_seconds", "gauge",
             "Poll interval: the last steady interval, as a power of two (ntpq's poll column).",
             [](const PeerModel& p) -> std::optional<double> {
                 const std::optional<int8_t> poll = analysis::live_poll_log2(p);
                 if (!poll) return std::nullopt;
                 return static_cast<double>(uint64_t{1} << std::clamp<int>(*poll, 0, 17));
             });
    per_peer(out, peers, "ntpscope_peer_offset_seconds", "gauge", "Clock filter offset, as ntpq's offset column.",
             [](const PeerModel& p) { return timed(p, &analysis::Timing::offset); });
    per_peer(out, peers, "ntpscope_peer_delay_seconds", "gauge", "Clock filter delay, as ntpq's delay column.",
             [](const PeerModel& p) { return timed(p, &analysis::Timing::delay); });
    per_peer(out, peers, "ntpscope_peer_jitter_seconds", "gauge", "Clock filter jitter, as ntpq's jitter column.",
             [](const PeerModel& p) { return timed(p, &analysis::Timing::jitter); });
    per_peer(out, peers, "ntpscope_peer_requests_total", "counter", "Requests the host sent to the peer.",
             [](const PeerModel& p) { return std::optional<double>(static_cast<double>(p.outbound.requests)); });
    per_peer(out, peers, "ntpscope_peer_replies_total", "counter",
             "Replies matched to the host's requests; for a multicast or broadcast server, its packets heard.",
             [](const PeerModel& p) { return std::optional<double>(static_cast<double>(replies(p))); });

    std::string kod;
    for (const PeerModel* p : peers)
        for (const auto& [code, count] : p->kiss_codes.items)
            fmt::format_to(std::back_inserter(kod), "ntpscope_peer_kod_total{{peer=\"{}\",code=\"{}\"}} {}\n",
                           escape_label_value(p->name()), escape_label_value(code), count);
    if (!kod.empty()) {
        family(out, "ntpscope_peer_kod_total", "counter", "Kiss-o'-Death packets received from the peer, by code.");
        out += kod;
    }
    return out;
}

}  // namespace ntpscope::report
