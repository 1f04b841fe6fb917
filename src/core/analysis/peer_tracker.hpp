// Everything the analysis learns about one peer, fed one NTP datagram at a time.
#pragma once

#include <cstdint>

#include "core/analysis/burst_detector.hpp"
#include "core/analysis/exchange_math.hpp"
#include "core/analysis/ntpd_timer_reach.hpp"
#include "core/analysis/peer_model.hpp"
#include "core/analysis/poll_history.hpp"
#include "core/analysis/request_ring.hpp"
#include "core/model/event.hpp"
#include "core/ntp/packet.hpp"

namespace ntpscope::analysis {

// One datagram between the host and the peer, with what the analyzer already worked out.
struct PeerDatagram {
    const Event& event;
    Direction direction;
    const ntp::Packet& packet;
    SockAddr peer;              // with port
    bool to_multicast = false;  // received on a group address or a group-bound socket
    ExampleEvent example;
};

class PeerTracker {
public:
    explicit PeerTracker(const SockAddr& key);
    void on_datagram(const PeerDatagram& d);
    // The kernel transmit timestamp of the host's latest request (read back by the daemon).
    void on_transmit_timestamp(int64_t tx_time);
    // The daemon (re)started: the next requests open a new association.
    void on_restart() {
        bursts_.restart();
        timer_reach_.restart();
    }
    // ntpd 4.2.8 threw away its wildcard socket's copy of one of the peer's packets.
    void on_drain_read() { ++model_.packets.drain_reads; }
    // Settles the association at the trace end (ns) and hands over the model.
    PeerModel finish(int64_t end);
    // The peer as it stands at `end` (ns) while events keep coming (watch, top): a copy is
    // settled, and a request whose reply may still come (sent less than half a poll, at most
    // kReplyTimeoutSeconds, ago) counts as reached.
    PeerModel snapshot(int64_t end) const;

private:
    void count(const PeerDatagram& d);
    void note_state(const ntp::Packet& p);
    void on_request_sent(const PeerDatagram& d);
    void on_reply_received(const PeerDatagram& d);
    void on_broadcast(const PeerDatagram& d);
    void on_request_received(const PeerDatagram& d);
    void on_reply_sent(const PeerDatagram& d);
    static void add_sample(Timing& timing, ClockFilter& filter, const OffsetSample& sample);
    void example(PeerExample kind, const ExampleEvent& e);
    static std::optional<uint64_t> transmit_of(const ntp::Packet& p);
    // By origin timestamp, or by arrival time when the reply's timestamps were not captured.
    static RequestRing::Request* match_reply(RequestRing& ring, const PeerDatagram& d);
    void settle_unanswered(RequestRing& ring, ExchangeCounts& counts, int64_t end, bool cite);
    AssociationType decide_type() const;

    PeerModel model_;
    RequestRing outbound_;  // the host's requests (mode 3, 1, 2)
    RequestRing inbound_;   // the peer's mode-3 requests to the host
    BurstDetector bursts_;
    PollRunTracker sent_poll_;
    PollRunTracker received_poll_;
    HeardRegister heard_;
    NtpdTimerReach timer_reach_;  // ntpd 4.2.8's `b` register, where its timer shows
    ClockFilter filter_;
    ClockFilter broadcast_filter_;
    int64_t last_initiated_t_ = 0;  // the peer's last mode 1/2/3/5 packet
    int64_t last_reply_t_ = 0;      // the peer's last reply matched to a request
    double calibrated_delay_ = 0;  // s, the exchanges' filtered delay
    bool calibrated_ = false;      // an exchange has given calibrated_delay_
};

// A reply that may update offset, delay and reach: not a KoD or crypto-NAK, and from a
// synchronised server (leap != 3, stratum 1..15), as ntpd requires.
bool usable_reply(const ntp::Packet& p);

}  // namespace ntpscope::analysis
