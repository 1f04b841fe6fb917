#include "core/fleet/behaviour.hpp"

#include <sys/timex.h>

#include <algorithm>
#include <cmath>
#include <set>

#include "core/diff/evidence.hpp"
#include "core/diff/matching.hpp"
#include "core/ntp/packet.hpp"

namespace ntpscope::fleet {

using analysis::HostModel;
using analysis::PeerModel;

namespace {

// Two packets make a habit; one could be a stray.
constexpr uint64_t kSteadyPackets = 2;
// diff's thresholds, so a group stands apart for what diff can then explain.
constexpr uint64_t kFewestUnanswered = 3;
constexpr double kLossyShare = 0.2;
constexpr uint64_t kFewestFailures = 3;
constexpr uint64_t kFewestReceived = 3;
// ntpd adjusts the clock at each clock update, at most a maxpoll (1024 s) apart: a trace twice
// that long without a call shows a host that does not discipline its clock.
constexpr double kSecondsToJudgeDiscipline = 2048;
constexpr double kFrequencyLimit = 490;  // ppm: the kernel clamps at 500
constexpr uint64_t kFewestOffsets = 4;

uint64_t sent(const PeerModel& p, ntp::Mode m) { return p.packets.by_mode[static_cast<size_t>(m)].sent; }
uint64_t received(const PeerModel& p, ntp::Mode m) {
    return p.packets.by_mode[static_cast<size_t>(m)].received;
}

// Mode-3 requests outside bursts: the host polls the server (a volley alone does not).
uint64_t steady_requests(const PeerModel& p) {
    const uint64_t requests = sent(p, ntp::Mode::client);
    return requests > p.polling.burst_requests ? requests - p.polling.burst_requests : 0;
}

uint8_t steady_modes_sent(const PeerModel& p) {
    uint8_t modes = 0;
    if (steady_requests(p) >= kSteadyPackets) modes |= 1u << static_cast<unsigned>(ntp::Mode::client);
    for (ntp::Mode m : {ntp::Mode::symmetric_active, ntp::Mode::symmetric_passive})
        if (sent(p, m) >= kSteadyPackets) modes |= 1u << static_cast<unsigned>(m);
    return modes;
}

std::optional<PollBand> band_of(std::optional<int8_t> poll) {
    if (!poll) return std::nullopt;
    if (*poll < 6) return PollBand::fast;
    if (*poll > 10) return PollBand::slow;
    return PollBand::usual;
}

Health health_of(const PeerModel& p, bool polls) {
    if (polls) {
        const uint64_t settled = p.outbound.answered + p.outbound.unanswered;
        if (p.outbound.unanswered < kFewestUnanswered || settled == 0) return Health::ok;
        if (p.outbound.answered == 0) return Health::silent;
        const double share = static_cast<double>(p.outbound.unanswered) / static_cast<double>(settled);
        return share >= kLossyShare ? Health::lossy : Health::ok;
    }
    // A listened-to server announces its interval in its poll field: hearing it less than half
    // as often means its packets go missing.
    if (!p.poll_log2 || p.polling.received.stats.count < kSteadyPackets) return Health::ok;
    return p.polling.received.stats.mean > 2 * std::ldexp(1.0, *p.poll_log2) ? Health::lossy : Health::ok;
}

ServerBehaviour describe_server(const PeerModel& p, double seconds) {
    ServerBehaviour s;
    s.server = p.address;
    s.type = p.type;
    s.steady_modes_sent = steady_modes_sent(p);
    const bool polls = s.steady_modes_sent != 0;
    s.hears_broadcasts = received(p, ntp::Mode::broadcast) > 0;
    s.poll = band_of(p.poll_log2);
    s.health = health_of(p, polls);
    s.later_bursts = p.polling.bursts - p.polling.startup_volleys >= kSteadyPackets;
    for (const auto& [code, n] : p.kiss_codes.items)
        if (n) s.kiss_codes.push_back(code);
    if (p.kiss_codes.other_updates) s.kiss_codes.emplace_back("other");
    if (polls && p.packets.truncated.sent == 0) {
        std::vector<uint32_t> keys;
        for (const auto& [key, counts] : p.packets.by_key_id.items)
            if (counts.sent) keys.push_back(key);
        s.keys_sent = std::move(keys);
    }
    if (p.packets.truncated.received == 0) s.crypto_naks = p.auth.crypto_nak.received > 0;

    s.broadcasts_per_hour = diff::per_hour(received(p, ntp::Mode::broadcast), seconds);
    s.steady_requests_per_hour = diff::per_hour(steady_requests(p), seconds);
    const uint64_t settled = p.outbound.answered + p.outbound.unanswered;
    s.unanswered_share = settled ? static_cast<double>(p.outbound.unanswered) / static_cast<double>(settled) : 0;
    return s;
}

// The busiest kMaxServers associations, sorted by address.
std::vector<const PeerModel*> associations(const HostModel& model, uint64_t& left_out) {
    std::vector<const PeerModel*> out;
    for (const PeerModel& p : model.peers)
        if (analysis::is_association(p.type)) out.push_back(&p);
    if (out.size() > kMaxServers) {
        std::stable_sort(out.begin(), out.end(), [](const PeerModel* a, const PeerModel* b) {
            return a->packets.all.total() > b->packets.all.total();
        });
        left_out = out.size() - kMaxServers;
        out.resize(kMaxServers);
        std::sort(out.begin(), out.end(), [](const PeerModel* a, const PeerModel* b) { return a->address < b->address; });
    }
    return out;
}

SocketBehaviour describe_sockets(const HostModel& model) {
    std::set<std::string> receiving;
    std::set<std::string> failing;
    for (const analysis::SocketModel& s : model.sockets) {
        if (!analysis::carries_ntp(s.role) || s.role == analysis::SocketRole::unknown) continue;
        const uint64_t volleys = diff::volley_requests(model, s);
        const std::string identity = diff::socket_identity(s, {});
        if (s.received > volleys && s.received - volleys >= kFewestReceived) receiving.insert(identity);
        if (s.send_errors + s.receive_errors >= kFewestFailures) failing.insert(identity);
    }
    return SocketBehaviour{{receiving.begin(), receiving.end()}, {failing.begin(), failing.end()}};
}

ClockBehaviour describe_clock(const HostModel& model) {
    const analysis::ClockModel& c = model.clock;
    ClockBehaviour b;
    if (c.calls > 0) b.disciplines = true;
    else if (model.meta.duration >= kSecondsToJudgeDiscipline) b.disciplines = false;
    b.steps = c.steps > 0;
    if (c.last) {
        b.unsynchronised = (c.last->status & STA_UNSYNC) != 0;
        b.frequency_at_limit = std::fabs(c.last->freq) >= kFrequencyLimit;
    }
    if (c.offsets.count >= kFewestOffsets) b.offset_past_step = std::fabs(c.offsets.mean) > diff::kStepThreshold;
    b.adjust_calls_per_hour = diff::per_hour(c.calls, model.meta.duration);
    if (model.meta.source == "ebpf") {
        std::set<std::string> names;
        for (const analysis::ClockWriter* w : c.touching())
            if (!w->daemon) names.insert(w->comm);
        b.other_writers = std::vector<std::string>(names.begin(), names.end());
    }
    return b;
}

}  // namespace

std::string_view health_name(Health h) {
    switch (h) {
        case Health::ok: return "ok";
        case Health::lossy: return "lossy";
        case Health::silent: return "silent";
    }
    return "ok";
}

std::string_view poll_band_name(PollBand b) {
    switch (b) {
        case PollBand::fast: return "fast (< 64 s)";
        case PollBand::usual: return "usual (64-1024 s)";
        case PollBand::slow: return "slow (> 1024 s)";
    }
    return "usual (64-1024 s)";
}

const ServerBehaviour* HostBehaviour::find(const SockAddr& server) const {
    auto it = std::lower_bound(servers.begin(), servers.end(), server,
                               [](const ServerBehaviour& s, const SockAddr& a) { return s.server < a; });
    return it != servers.end() && it->server == server ? &*it : nullptr;
}

HostBehaviour describe_behaviour(const HostModel& model) {
    HostBehaviour b;
    b.no_ntp = model.has_note(analysis::NoteCode::no_ntp);
    for (const PeerModel* p : associations(model, b.servers_left_out)) {
        b.servers.push_back(describe_server(*p, model.meta.duration));
        b.startup_volleys += p->polling.startup_volleys;
    }
    // A capture sees packets only: no sockets, no clock calls.
    if (model.meta.source != "pcap") {
        b.sockets = describe_sockets(model);
        b.clock = describe_clock(model);
    }
    return b;
}

}  // namespace ntpscope::fleet
