#include "core/analysis/peer_tracker.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>

#include "core/analysis/tuning.hpp"

namespace ntpscope::analysis {

namespace {

constexpr size_t kMaxPorts = 4;
// A request's transmit timestamp further than this from its send event's wall time is not a
// clock reading (chronyd puts a random value there); T1 then comes from the event.
constexpr int64_t kTransmitTrustNs = 1'000'000'000;

size_t mode_index(ntp::Mode m) { return static_cast<size_t>(m) & 7; }

// A capture cut short still gives each header field whose bytes it holds (ntp::decode).
bool has_poll(const ntp::Packet& p) { return p.captured >= 3; }
bool has_refid(const ntp::Packet& p) { return p.captured >= 16; }

}  // namespace

bool usable_reply(const ntp::Packet& p) {
    return p.captured >= 2 && !p.kiss_code && p.auth != ntp::Auth::crypto_nak && p.leap != 3 &&
           p.stratum >= 1 && p.stratum <= 15;
}

PeerTracker::PeerTracker(const SockAddr& key) { model_.address = key; }

void PeerTracker::example(PeerExample kind, const ExampleEvent& e) {
    model_.examples[static_cast<size_t>(kind)].add(e);
}

void PeerTracker::on_datagram(const PeerDatagram& d) {
    count(d);
    const ntp::Packet& p = d.packet;
    if (p.kind == ntp::Kind::not_ntp) {
        example(PeerExample::not_ntp, d.example);
        return;
    }
    if (p.kind == ntp::Kind::control || p.kind == ntp::Kind::private_use) {
        example(PeerExample::control, d.example);
        return;
    }
    if (p.captured == 0) return;  // not even the mode

    const bool sent = d.direction == Direction::sent;
    if (p.auth == ntp::Auth::crypto_nak) example(PeerExample::crypto_nak, d.example);
    if (!sent && p.kiss_code) {
        ++model_.kiss_codes.at(*p.kiss_code);
        example(PeerExample::kiss_of_death, d.example);
    }
    // The poll field of requests and broadcasts, not of replies (a server echoes its client's).
    const bool polls = sent ? p.mode != ntp::Mode::server
                            : p.mode != ntp::Mode::client && p.mode != ntp::Mode::server;
    if (polls && has_poll(p)) (sent ? sent_poll_ : received_poll_)
                   .add(d.event.t, p.poll,
                        sent ? model_.polling.sent_poll : model_.polling.received_poll);

    switch (p.mode) {
        case ntp::Mode::client:
            if (sent) on_request_sent(d);
            else on_request_received(d);
            break;
        case ntp::Mode::server:
            if (sent) on_reply_sent(d);
            else on_reply_received(d);
            break;
        case ntp::Mode::symmetric_active:
        case ntp::Mode::symmetric_passive:
            // Each symmetric packet both answers the other side's last one and asks anew.
            if (sent) on_request_sent(d);
            else on_reply_received(d);
            break;
        case ntp::Mode::broadcast:
            if (!sent) on_broadcast(d);
            break;
        default:
            break;
    }
}

void PeerTracker::count(const PeerDatagram& d) {
    const Direction dir = d.direction;
    const ntp::Packet& p = d.packet;
    const int64_t t = d.event.t;
    PacketCounts& c = model_.packets;

    if (model_.packets.all.total() == 0) model_.first_t = t;
    model_.last_t = t;
    if (dir == Direction::sent) {
        model_.last_sent_t = t;
    } else {
        const bool has_mode = p.kind == ntp::Kind::ntp || (p.kind == ntp::Kind::truncated && p.captured);
        if (has_mode) model_.last_received_t = t;
        if (has_mode && p.mode != ntp::Mode::server) {
            if (last_initiated_t_)
                model_.polling.received.add(static_cast<double>(t - last_initiated_t_) * 1e-9);
            last_initiated_t_ = t;
        }
    }
    if (d.peer.port != 0 && model_.ports.size() < kMaxPorts &&
        std::find(model_.ports.begin(), model_.ports.end(), d.peer.port) == model_.ports.end())
        model_.ports.push_back(d.peer.port);

    ++c.all.at(dir);
    if (d.event.truncated()) ++c.truncated.at(dir);
    if (p.kind == ntp::Kind::not_ntp) {
        ++c.not_ntp.at(dir);
        return;
    }
    if (p.captured == 0) return;
    ++c.by_mode[mode_index(p.mode)].at(dir);
    model_.timeline.add(t, dir == Direction::received, static_cast<uint8_t>(p.mode));
    ++c.by_length.at(d.event.len).at(dir);
    const bool header = p.kind == ntp::Kind::ntp || p.kind == ntp::Kind::truncated;
    if (header && dir == Direction::received && p.mode != ntp::Mode::client && has_refid(p))
        note_state(p);
    if (!p.header_complete || p.kind != ntp::Kind::ntp) return;

    AuthCounts& a = model_.auth;
    switch (p.auth) {
        case ntp::Auth::none: ++a.none.at(dir); break;
        case ntp::Auth::mac: ++a.mac.at(dir); break;
        case ntp::Auth::crypto_nak: ++a.crypto_nak.at(dir); break;
        case ntp::Auth::nts: ++a.nts.at(dir); break;
    }
    if (p.auth == ntp::Auth::mac || p.auth == ntp::Auth::crypto_nak) {
        ++c.by_key_id.at(p.key_id).at(dir);
        a.last_key_id = p.key_id;
        if (p.auth == ntp::Auth::mac) a.digest_len = p.digest_len;
    }
}

void PeerTracker::note_state(const ntp::Packet& p) {
    PeerState& s = model_.state;
    s.seen = true;
    s.leap = p.leap;
    s.version = p.version;
    s.stratum = p.stratum;
    s.poll = p.poll;
    s.precision = p.precision;
    if (s.refid != p.refid || s.refid_text.empty()) s.refid_text = ntp::refid_string(p);
    s.refid = p.refid;
    s.root_delay = p.root_delay_seconds();
    s.root_dispersion = p.root_dispersion_seconds();
}

void PeerTracker::on_request_sent(const PeerDatagram& d) {
    ++model_.outbound.requests;
    example(PeerExample::request_sent, d.example);
    if (auto lost = outbound_.add(transmit_of(d.packet), d.event.t, d.example)) {
        ++model_.outbound.unanswered;
        example(PeerExample::unanswered_request, lost->example);
    }
    if (d.packet.mode == ntp::Mode::client) {
        bursts_.add(d.event.t, d.packet.poll, model_.polling);
        timer_reach_.request(d.event.t);
    }
}

void PeerTracker::on_reply_received(const PeerDatagram& d) {
    const ntp::Packet& p = d.packet;
    RequestRing::Request* request = match_reply(outbound_, d);
    if (!request) {
        ++model_.outbound.unmatched_replies;
        example(PeerExample::unmatched_reply, d.example);
        return;
    }
    if (request->answered) {
        ++model_.outbound.duplicate_replies;
        return;
    }
    request->answered = true;
    request->usable = usable_reply(p);
    last_reply_t_ = d.event.t;
    if (p.mode == ntp::Mode::server && has_poll(p)) timer_reach_.reply(d.event.t, p.poll, request->usable);
    ++model_.outbound.answered;
    example(PeerExample::reply_received, d.example);
    if (!p.header_complete) ++model_.outbound.matched_by_time;
    if (!request->usable || !p.header_complete) return;

    const int64_t t = d.event.t;
    int64_t t1 = p.origin.to_unix_ns(t);
    if (std::llabs(t1 - request->t) > kTransmitTrustNs) {
        t1 = request->tx_time.value_or(request->t);
        ++(request->tx_time ? model_.timing.t1_from_tx_timestamp : model_.timing.t1_from_event);
    }
    const int64_t t4 = d.event.rx_time.value_or(t);
    const OffsetDelay od =
        exchange_offset(t1, p.receive.to_unix_ns(t), p.transmit.to_unix_ns(t), t4);
    add_sample(model_.timing, filter_, OffsetSample{t4, od.offset, od.delay});
    calibrated_delay_ = model_.timing.delay;
    // ntpd uses a server's mode-5 packets only once its start-up exchange has measured the
    // delay; samples from before, with no delay, must not win the filter's lowest-delay pick.
    if (!calibrated_) broadcast_filter_ = ClockFilter{};
    calibrated_ = true;
}

std::optional<uint64_t> PeerTracker::transmit_of(const ntp::Packet& p) {
    if (!p.header_complete) return std::nullopt;
    return p.transmit.raw();
}

RequestRing::Request* PeerTracker::match_reply(RequestRing& ring, const PeerDatagram& d) {
    if (d.packet.header_complete) return ring.match(d.packet.origin.raw());
    return ring.match_by_time(d.event.t, static_cast<int64_t>(kReplyTimeoutSeconds * 1e9));
}

void PeerTracker::on_transmit_timestamp(int64_t tx_time) {
    RequestRing::Request* request = outbound_.newest();
    if (request && !request->answered) request->tx_time = tx_time;
}

void PeerTracker::on_broadcast(const PeerDatagram& d) {
    example(PeerExample::broadcast_received, d.example);
    if (d.to_multicast) model_.multicast_dst = true;
    if (has_poll(d.packet)) {
        heard_.heard(d.event.t, d.packet.poll);
        timer_reach_.broadcast(d.event.t, d.packet.poll, usable_reply(d.packet));
    }
    if (!usable_reply(d.packet) || !d.packet.header_complete) return;
    const int64_t t4 = d.event.rx_time.value_or(d.event.t);
    const int64_t t3 = d.packet.transmit.to_unix_ns(d.event.t);
    add_sample(model_.broadcast_timing, broadcast_filter_,
               OffsetSample{t4, broadcast_offset(t3, t4, calibrated_delay_), calibrated_delay_});
}

void PeerTracker::on_request_received(const PeerDatagram& d) {
    ++model_.inbound.requests;
    example(PeerExample::request_received, d.example);
    if (inbound_.add(transmit_of(d.packet), d.event.t, d.example)) ++model_.inbound.unanswered;
}

void PeerTracker::on_reply_sent(const PeerDatagram& d) {
    example(PeerExample::reply_sent, d.example);
    RequestRing::Request* request = match_reply(inbound_, d);
    if (!request) {
        ++model_.inbound.unmatched_replies;
    } else if (request->answered) {
        ++model_.inbound.duplicate_replies;
    } else {
        request->answered = true;
        request->usable = true;
        ++model_.inbound.answered;
        if (!d.packet.header_complete) ++model_.inbound.matched_by_time;
    }
}

void PeerTracker::add_sample(Timing& timing, ClockFilter& filter, const OffsetSample& sample) {
    ++timing.samples;
    timing.offsets.add(sample.offset);
    timing.delays.add(sample.delay);
    timing.series.add(sample);
    filter.add(OffsetDelay{sample.offset, sample.delay});
    const ClockFilter::Output chosen = filter.output();
    timing.offset = chosen.offset;
    timing.delay = chosen.delay;
    timing.jitter = chosen.jitter;
}

void PeerTracker::settle_unanswered(RequestRing& ring, ExchangeCounts& counts, int64_t end,
                                    bool cite) {
    const auto timeout = static_cast<int64_t>(kReplyTimeoutSeconds * 1e9);
    for (const RequestRing::Request& r : ring.unanswered()) {
        if (end - r.t < timeout) {
            ++counts.awaiting_at_end;
        } else {
            ++counts.unanswered;
            if (cite) example(PeerExample::unanswered_request, r.example);
        }
    }
}

AssociationType PeerTracker::decide_type() const {
    const auto& m = model_.packets.by_mode;
    const Polling& polling = model_.polling;
    const auto mode = [&](ntp::Mode md) { return m[mode_index(md)]; };
    if (mode(ntp::Mode::symmetric_active).total() + mode(ntp::Mode::symmetric_passive).total())
        return AssociationType::symmetric;
    const uint64_t requests = mode(ntp::Mode::client).sent;
    // Requests outside bursts mean the host polls the peer; a volley alone does not.
    const bool polled = requests > polling.burst_requests;
    if (polled) return AssociationType::unicast;
    if (mode(ntp::Mode::broadcast).received)
        // ntpq 4.2.8, whose drain reads give it away, calls every listened-to server `b`.
        return model_.multicast_dst && !model_.packets.drain_reads ? AssociationType::multicast
                                                                   : AssociationType::broadcast;
    if (requests || mode(ntp::Mode::server).received) return AssociationType::unicast;
    if (mode(ntp::Mode::client).received) return AssociationType::served_client;
    if (mode(ntp::Mode::control).total() + mode(ntp::Mode::private_use).total())
        return AssociationType::control_only;
    return AssociationType::none;
}

PeerModel PeerTracker::finish(int64_t end) {
    Polling& polling = model_.polling;
    bursts_.finish(polling);
    sent_poll_.finish(polling.sent_poll);
    received_poll_.finish(polling.received_poll);
    settle_unanswered(outbound_, model_.outbound, end, true);
    settle_unanswered(inbound_, model_.inbound, end, false);

    model_.type = decide_type();
    const auto& m = model_.packets.by_mode;
    model_.serves = m[mode_index(ntp::Mode::client)].received && m[mode_index(ntp::Mode::server)].sent;
    if (model_.last_received_t) model_.when = static_cast<double>(end - model_.last_received_t) * 1e-9;

    const PollRun* sent_run = polling.sent_poll.last();
    const PollRun* received_run = polling.received_poll.last();
    switch (model_.type) {
        case AssociationType::unicast:
        case AssociationType::symmetric:
            // ntpd 4.2.8 (its drain reads give it away) never hands a polled server's mode-5
            // packets to the association (a `server` line for a multicast server): its `when`
            // counts from the last reply.
            if (last_reply_t_ && model_.packets.drain_reads)
                model_.when = static_cast<double>(end - last_reply_t_) * 1e-9;
            model_.reach = outbound_.reach();
            if (sent_run) model_.poll_log2 = sent_run->poll;
            if (polling.steady.stats.count) model_.measured_interval = polling.steady.stats.mean;
            break;
        case AssociationType::multicast:
        case AssociationType::broadcast:
            // `b` is ntpd 4.2.8's letter (its drain reads give it away): its timer decides.
            model_.reach = model_.type == AssociationType::broadcast
                               ? timer_reach_.value_at(end).value_or(heard_.value_at(end))
                               : heard_.value_at(end);
            if (received_run) model_.poll_log2 = received_run->poll;
            if (polling.received.stats.count) model_.measured_interval = polling.received.stats.mean;
            break;
        default:
            break;
    }
    return std::move(model_);
}

PeerModel PeerTracker::snapshot(int64_t end) const {
    PeerTracker copy(*this);
    PeerModel model = copy.finish(end);
    if (model.type == AssociationType::unicast || model.type == AssociationType::symmetric) {
        // A reply still counts as coming for half a poll at most: a live view must tell a lost
        // reply well before the next poll, and real replies take milliseconds.
        double wait = kReplyTimeoutSeconds;
        if (model.poll_log2) wait = std::min(wait, std::ldexp(0.5, std::clamp<int>(*model.poll_log2, 0, 17)));
        model.reach = outbound_.reach(end - static_cast<int64_t>(wait * 1e9));
    } else if (model.type == AssociationType::broadcast && model.poll_log2 && model.when) {
        // ntpd 4.2.8 shifts its register 2 s after each packet, and the next one comes a poll
        // later (plus up to 6% at random): until it is late, it counts as heard.
        const double due = std::ldexp(1.0 + 255.0 / 4096.0, std::clamp<int>(*model.poll_log2, 0, 17)) + 1.0;
        if (*model.when < due) model.reach |= 1;
    }
    return model;
}

}  // namespace ntpscope::analysis
