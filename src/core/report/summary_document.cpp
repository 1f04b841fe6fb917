#include "core/report/summary_document.hpp"

#include <algorithm>
#include <cmath>
#include <ctime>

#include <fmt/chrono.h>
#include <fmt/format.h>

#include "core/kabi/timex_names.hpp"
#include "core/model/errno_names.hpp"

namespace ntpscope::report {

using namespace ntpscope::analysis;

std::string format_utc(int64_t unix_ns) {
    const int64_t seconds = unix_ns >= 0 ? unix_ns / 1'000'000'000 : (unix_ns + 1) / 1'000'000'000 - 1;
    const auto ms = (unix_ns - seconds * 1'000'000'000) / 1'000'000;
    const std::time_t tt = static_cast<std::time_t>(seconds);
    return fmt::format("{:%Y-%m-%d %H:%M:%S}.{:03d}", fmt::gmtime(tt), ms);
}

std::string format_ms(double seconds) { return fmt::format("{:.3f}", seconds * 1e3); }

std::string format_when(double seconds) {
    auto v = static_cast<uint64_t>(std::llround(std::max(seconds, 0.0)));
    if (v <= 2048) return fmt::format("{}", v);
    v = (v + 29) / 60;
    if (v <= 300) return fmt::format("{}m", v);
    v = (v + 29) / 60;
    if (v <= 96) return fmt::format("{}h", v);
    return fmt::format("{}d", (v + 11) / 24);
}

std::string format_reach(uint8_t reach) { return fmt::format("{:o}", reach); }

namespace {

const std::string kNone = "-";

std::string joined(const std::vector<std::string>& parts, std::string_view sep = ", ") {
    std::string out;
    for (const std::string& p : parts) out += (out.empty() ? "" : std::string(sep)) + p;
    return out.empty() ? kNone : out;
}

// "3:120 4:118": packets per NTP mode in one direction.
std::string modes(const PeerModel& p, Direction d) {
    std::vector<std::string> parts;
    for (size_t mode = 0; mode < p.packets.by_mode.size(); ++mode) {
        const DirectionCounts& c = p.packets.by_mode[mode];
        const uint64_t n = d == Direction::sent ? c.sent : c.received;
        if (n) parts.push_back(fmt::format("{}:{}", mode, n));
    }
    const uint64_t other = d == Direction::sent ? p.packets.not_ntp.sent : p.packets.not_ntp.received;
    if (other) parts.push_back(fmt::format("non-NTP:{}", other));
    return joined(parts, " ");
}

std::string auth_text(const AuthCounts& a) {
    std::vector<std::string> parts;
    if (a.mac.total())
        parts.push_back(fmt::format("MAC key {} ({} B digest) {} out/{} in", a.last_key_id,
                                    a.digest_len, a.mac.sent, a.mac.received));
    if (a.crypto_nak.total())
        parts.push_back(fmt::format("crypto-NAK {} out/{} in", a.crypto_nak.sent, a.crypto_nak.received));
    if (a.nts.total()) parts.push_back(fmt::format("NTS {} out/{} in", a.nts.sent, a.nts.received));
    if (parts.empty()) return a.none.total() ? "none" : kNone;  // no trailer captured: unknown
    return joined(parts);
}

template <typename Map>
std::string counted(const Map& map, const std::string& other_label) {
    std::vector<std::string> parts;
    for (const auto& [key, n] : map.items) parts.push_back(fmt::format("{} x{}", key, n));
    if (map.other_updates) parts.push_back(fmt::format("{} x{}", other_label, map.other));
    return joined(parts);
}

std::string seconds_or_none(const std::optional<double>& s) {
    return s ? fmt::format("{:.1f}", *s) : kNone;
}

}  // namespace

SummaryTable peers_table(std::span<const PeerModel> peers) {
    SummaryTable t{"Peers (ntpq -p, rebuilt from the wire)",
                   {"remote", "refid", "st", "t", "when", "poll", "reach", "delay", "offset", "jitter"},
                   {},
                   "No NTP association: the host neither polled nor listened to a server."};
    for (const PeerModel& p : peers) {
        if (!is_association(p.type)) continue;
        const Timing& timing = p.shown_timing();
        const bool timed = timing.samples > 0;
        t.rows.push_back({
            p.name(),
            p.state.seen ? p.state.refid_text : kNone,
            p.state.seen ? fmt::format("{}", p.state.stratum) : kNone,
            std::string(1, association_type_char(p.type)),
            p.when ? format_when(*p.when) : kNone,
            p.poll_log2 ? fmt::format("{}", uint64_t{1} << std::clamp<int>(*p.poll_log2, 0, 17)) : kNone,
            format_reach(p.reach),
            timed ? format_ms(timing.delay) : kNone,
            timed ? format_ms(timing.offset) : kNone,
            timed ? format_ms(timing.jitter) : kNone,
        });
    }
    return t;
}

namespace {

SummaryTable traffic_table(const HostModel& m) {
    SummaryTable t{"Association traffic",
                   {"remote", "t", "sent (mode:n)", "received (mode:n)", "answered", "unanswered",
                    "volleys", "interval s", "auth", "KoD"},
                   {},
                   ""};
    for (const PeerModel& p : m.peers) {
        if (!is_association(p.type)) continue;
        const ExchangeCounts& o = p.outbound;
        t.rows.push_back({
            p.name(),
            std::string(1, association_type_char(p.type)),
            modes(p, Direction::sent),
            modes(p, Direction::received),
            fmt::format("{}/{}", o.answered, o.requests),
            o.awaiting_at_end ? fmt::format("{} (+{} awaited)", o.unanswered, o.awaiting_at_end)
                              : fmt::format("{}", o.unanswered),
            p.polling.bursts == p.polling.startup_volleys
                ? fmt::format("{}", p.polling.startup_volleys)
                : fmt::format("{} (+{} bursts)", p.polling.startup_volleys,
                              p.polling.bursts - p.polling.startup_volleys),
            seconds_or_none(p.measured_interval),
            auth_text(p.auth),
            p.kiss_codes.items.empty() ? kNone : counted(p.kiss_codes, "other"),
        });
    }
    return t;
}

SummaryTable others_table(const HostModel& m) {
    SummaryTable t{"Clients served and other peers",
                   {"address", "kind", "requests in", "answered", "sent (mode:n)", "received (mode:n)", "when"},
                   {},
                   ""};
    for (const PeerModel& p : m.peers) {
        if (is_association(p.type) && !p.serves) continue;
        t.rows.push_back({
            p.name(),
            p.serves && is_association(p.type) ? "served_client" : std::string(association_type_name(p.type)),
            fmt::format("{}", p.inbound.requests),
            fmt::format("{}", p.inbound.answered),
            modes(p, Direction::sent),
            modes(p, Direction::received),
            p.when ? format_when(*p.when) : kNone,
        });
    }
    return t;
}

SummaryTable sockets_table(const HostModel& m) {
    SummaryTable t{"Sockets",
                   {"socket", "fds", "recv data", "EAGAIN", "recv err", "sent", "send err",
                    "bytes in", "bytes out", "peers", "errors"},
                   {},
                   "No socket activity in the trace."};
    for (const SocketModel& s : m.sockets) {
        std::vector<std::string> fds;
        for (int32_t fd : s.fds) fds.push_back(fmt::format("{}", fd));
        std::vector<std::string> peers;
        for (const SockAddr& a : s.peers) peers.push_back(a.ip_string());
        if (s.more_peers) peers.push_back(fmt::format("+{} datagrams from others", s.more_peers));
        std::string label = s.label();
        if (s.instances > 1) label += fmt::format(" ({} sockets)", s.instances);
        for (const SockAddr& g : s.groups) label += " joined " + g.ip_string();
        if (s.sent_copies) label += fmt::format(", {} sent copies read back", s.sent_copies);
        std::vector<std::string> errors;
        for (const auto& [err, n] : s.errors.items) errors.push_back(fmt::format("{} x{}", errno_name(err), n));
        if (s.errors.other_updates) errors.push_back(fmt::format("other x{}", s.errors.other));
        t.rows.push_back({label, joined(fds, " "), fmt::format("{}", s.received), fmt::format("{}", s.eagain),
                          fmt::format("{}", s.receive_errors), fmt::format("{}", s.sent),
                          fmt::format("{}", s.send_errors), fmt::format("{}", s.bytes_received),
                          fmt::format("{}", s.bytes_sent), joined(peers, " "), joined(errors)});
    }
    return t;
}

SummaryTable clock_table(const HostModel& m) {
    const ClockModel& c = m.clock;
    SummaryTable t{"Clock discipline", {"item", "value"}, {},
                   "No adjtimex, clock_adjtime or clock step in the trace."};
    if (c.calls == 0 && c.steps == 0 && c.other_clocks == 0) return t;
    auto row = [&](std::string item, std::string value) { t.rows.push_back({std::move(item), std::move(value)}); };

    row("calls", fmt::format("{} adjtimex/clock_adjtime ({} failed)", c.calls, c.failed));
    std::vector<std::string> by_modes;
    for (const auto& [modes, n] : c.calls_by_modes.items) by_modes.push_back(fmt::format("{} x{}", kabi::adj_modes_string(modes), n));
    if (c.calls_by_modes.other_updates) by_modes.push_back(fmt::format("other x{}", c.calls_by_modes.other));
    row("modes set", joined(by_modes));
    if (c.call_intervals.stats.count)
        row("interval", fmt::format("{:.1f} s mean ({:.1f}..{:.1f})", c.call_intervals.stats.mean,
                                    c.call_intervals.stats.min, c.call_intervals.stats.max));
    if (c.last) {
        row("last", fmt::format("{}: offset {} ms, freq {:.3f} ppm, status {}", format_utc(c.last->t),
                                format_ms(c.last->offset), c.last->freq, kabi::status_string(c.last->status)));
        row("offset range", fmt::format("{} .. {} ms", format_ms(c.offsets.min), format_ms(c.offsets.max)));
        row("freq range", fmt::format("{:.3f} .. {:.3f} ppm", c.freqs.min, c.freqs.max));
    }
    std::vector<std::string> states;
    for (size_t i = 0; i < c.states.size(); ++i)
        if (c.states[i]) states.push_back(fmt::format("{} x{}", clock_state_name(static_cast<ClockState>(i)), c.states[i]));
    row("returned", joined(states));
    std::vector<std::string> bits;
    for (size_t i = 0; i < c.status_bits.size(); ++i)
        if (c.status_bits[i]) bits.push_back(fmt::format("{} x{}", kabi::status_bit_name(static_cast<int>(i)), c.status_bits[i]));
    row("status bits", joined(bits));
    std::vector<std::string> steps;
    for (const ClockStep& s : c.step_log.items())
        steps.push_back(fmt::format("{} {}{}{}", format_utc(s.t), syscall_name(s.syscall),
                                    s.amount ? fmt::format(" {:+.6f} s", *s.amount) : "",
                                    s.failed ? " (failed)" : ""));
    row("steps", c.steps ? fmt::format("{}: {}", c.steps, joined(steps, "; ")) : "none");
    if (c.other_clocks) row("other clocks", fmt::format("{} calls on clocks other than CLOCK_REALTIME", c.other_clocks));
    return t;
}

// Every process that changed the clock or tried to: the daemon at the syscall, the others
// through their C library (docs/architecture.md).
SummaryTable clock_writers_table(const HostModel& m) {
    SummaryTable t{"Who touches the clock", {"pid", "process", "who", "calls", "adjusting", "steps", "refused", "modes"},
                   {}, ""};
    for (const ClockWriter* w : m.clock.touching())
        t.rows.push_back({fmt::format("{}", w->pid), w->comm, w->daemon ? "daemon" : "other",
                          fmt::format("{}", w->calls), fmt::format("{}", w->adjusts),
                          fmt::format("{}{}", w->steps, w->steps ? fmt::format(" ({} done)", w->stepped) : ""),
                          w->failed ? fmt::format("{} ({})", w->failed, w->errno_names()) : "0",
                          w->modes ? kabi::adj_modes_string(w->modes) : kNone});
    return t;
}

std::vector<std::pair<std::string, std::string>> overview(const HostModel& m) {
    const TraceMeta& meta = m.meta;
    std::vector<std::pair<std::string, std::string>> out;
    std::vector<std::string> targets;
    for (const TargetInfo& t : meta.targets) targets.push_back(fmt::format("{} (pid {})", t.comm, t.pid));
    out.emplace_back("host", meta.host.empty() ? kNone : meta.host);
    out.emplace_back("daemon", joined(targets));
    out.emplace_back("trace", fmt::format("{} .. {} UTC ({:.0f} s)", format_utc(meta.start),
                                          format_utc(meta.end), meta.duration));
    out.emplace_back("source", fmt::format("{}{}", meta.source.empty() ? kNone : meta.source,
                                           meta.tool.empty() ? "" : ", " + meta.tool));
    if (!meta.date_from.empty()) out.emplace_back("date", "from " + meta.date_from);
    out.emplace_back("events", fmt::format("{} read, {} lost{}", meta.events, meta.lost,
                                           meta.footer ? "" : ", no footer"));
    return out;
}

}  // namespace

SummaryDocument build_summary_document(const HostModel& m) {
    SummaryDocument doc;
    doc.title = fmt::format("ntpscope summary: {}", m.meta.host.empty() ? "unnamed host" : m.meta.host);
    doc.overview = overview(m);
    doc.tables.push_back(peers_table(m.peers));
    SummaryTable traffic = traffic_table(m);
    if (!traffic.rows.empty()) doc.tables.push_back(std::move(traffic));
    SummaryTable others = others_table(m);
    if (!others.rows.empty()) doc.tables.push_back(std::move(others));
    doc.tables.push_back(sockets_table(m));
    doc.tables.push_back(clock_table(m));
    // Only when someone besides the daemon did: the discipline table already shows the daemon.
    const auto touching = m.clock.touching();
    if (std::any_of(touching.begin(), touching.end(), [](const ClockWriter* w) { return !w->daemon; }))
        doc.tables.push_back(clock_writers_table(m));
    for (const Note& n : m.notes) doc.notes.push_back(n.text);
    return doc;
}

}  // namespace ntpscope::report
