// One peer as the host sees it on the wire: the association, packets by mode, the exchanges,
// polling and bursts, offset and delay, what the peer says about itself, and the ntpq -p
// columns. Keyed by peer_key, so a peer is the same whatever port or address family it used.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/analysis/bounded.hpp"
#include "core/analysis/example_event.hpp"
#include "core/analysis/timeline.hpp"
#include "core/analysis/tuning.hpp"
#include "core/model/sockaddr.hpp"

namespace ntpscope::analysis {

enum class Direction : uint8_t { sent, received };

enum class AssociationType : uint8_t {
    unicast,        // 'u': the host polls the peer with mode 3 (steadily, not just a volley)
    // The letter is the one the daemon's own ntpq shows (docs/analysis.md): ntpq of ntpd 4.2.4
    // (the seed) shows `m` for a multicast client association, ntpq 4.2.8 `b`.
    multicast,      // 'm': mode 5 received on a multicast group by an ntpd older than 4.2.8
    broadcast,      // 'b': mode 5 received on a broadcast address, or on a multicast group by
                    //      ntpd 4.2.8 (told by its drain reads)
    symmetric,      // 's': modes 1/2
    served_client,  // the peer polls the host (mode 3 in, mode 4 out): not in ntpq -p
    control_only,   // only mode 6/7 traffic (ntpq, ntpdc)
    none,           // no NTP at all (only undecodable datagrams)
};
std::string_view association_type_name(AssociationType t);  // "unicast", "multicast", ...
char association_type_char(AssociationType t);  // 'u' 'm' 'b' 's', '-' otherwise
// An association ntpq -p lists (u, m, b, s); served clients and control traffic are not.
bool is_association(AssociationType t);
// Multicast or broadcast: the host listens to the peer's mode-5 packets instead of polling it.
bool is_listened_to(AssociationType t);

struct DirectionCounts {
    uint64_t sent = 0;
    uint64_t received = 0;
    uint64_t& at(Direction d) { return d == Direction::sent ? sent : received; }
    uint64_t total() const { return sent + received; }
    bool operator==(const DirectionCounts&) const = default;
};

struct PacketCounts {
    DirectionCounts all;                          // every datagram to/from the peer
    std::array<DirectionCounts, 8> by_mode{};     // NTP packets by mode 0..7
    CappedMap<uint32_t, DirectionCounts, 16> by_length;
    CappedMap<uint32_t, DirectionCounts, 16> by_key_id;  // packets with a MAC or crypto-NAK
    DirectionCounts not_ntp;
    DirectionCounts truncated;  // captured fewer bytes than the datagram had
    // ntpd 4.2.8 reads each multicast packet twice: in full on the group socket, and as a short
    // read on the wildcard socket that it throws away. The short reads are not packets.
    uint64_t drain_reads = 0;
};

// Requests one side sent and the replies matched to them by origin == request transmit.
struct ExchangeCounts {
    uint64_t requests = 0;
    uint64_t answered = 0;
    uint64_t unanswered = 0;        // no reply; not counting those still awaited at trace end
    uint64_t awaiting_at_end = 0;   // sent within kReplyTimeoutSeconds of the end, no reply yet
    uint64_t unmatched_replies = 0; // a reply whose origin matches no recent request
    uint64_t duplicate_replies = 0; // a second reply to an already answered request
    // Answered requests matched by arrival time instead, because the capture did not hold the
    // timestamps (strace's default 32-byte strings): no offset or delay for them.
    uint64_t matched_by_time = 0;
};

// A run of requests closer together than steady polling (an iburst/burst volley).
struct Burst {
    int64_t first_t = 0;
    int64_t last_t = 0;
    uint32_t requests = 0;
    bool startup = false;  // first requests to the peer, or after a silence (see docs)
    bool operator==(const Burst&) const = default;
};

// One stretch during which the poll field kept the same value.
struct PollRun {
    int64_t first_t = 0;
    int64_t last_t = 0;
    int8_t poll = 0;  // log2 s
    uint64_t packets = 0;
    bool operator==(const PollRun&) const = default;
};

struct Polling {
    IntervalStats steady;     // host's request intervals, bursts excluded
    IntervalStats received;   // between the peer's own packets (modes 1/2/3/5, not replies)
    uint64_t startup_volleys = 0;
    uint64_t bursts = 0;      // all bursts, start-up volleys included
    uint64_t burst_requests = 0;
    FirstLast<Burst, 4> burst_log;
    FirstLast<PollRun, 8> sent_poll;      // poll field of the host's mode 1/2/3/5 packets
    FirstLast<PollRun, 8> received_poll;  // poll field of the peer's mode 1/2/5 packets
};

struct OffsetSample {
    int64_t t = 0;        // wall clock ns of T4
    double offset = 0;    // s
    double delay = 0;     // s; for mode 5, the calibrated delay used (0 when none)
    bool operator==(const OffsetSample&) const = default;
};

struct Timing {
    uint64_t samples = 0;
    // ntpd's clock filter over the last 8 samples (what ntpq shows): offset and delay of the
    // lowest-delay sample, jitter the RMS of the others' offset differences from it.
    double offset = 0;  // s
    double delay = 0;   // s
    double jitter = 0;  // s
    RunningStats offsets;
    RunningStats delays;
    DownsampledSeries<OffsetSample, kSeriesPoints> series;
    // Samples whose T1 is not the request's transmit timestamp because that was not a clock
    // reading (chronyd and NTPsec send a random one): the kernel transmit timestamp of the
    // request when the daemon read it back (MSG_ERRQUEUE), else the send call's wall time.
    uint64_t t1_from_tx_timestamp = 0;
    uint64_t t1_from_event = 0;
};

// What the peer says about itself in its last packet to the host.
struct PeerState {
    bool seen = false;
    uint8_t leap = 0;
    uint8_t version = 0;
    uint8_t stratum = 0;
    int8_t poll = 0;
    int8_t precision = 0;
    uint32_t refid = 0;
    std::string refid_text;  // as ntpq prints it
    double root_delay = 0;       // s
    double root_dispersion = 0;  // s
};

struct AuthCounts {
    DirectionCounts none;
    DirectionCounts mac;
    DirectionCounts crypto_nak;
    DirectionCounts nts;
    uint8_t digest_len = 0;  // of the last MAC seen
    uint32_t last_key_id = 0;
};

enum class PeerExample : uint8_t {
    request_sent,        // mode 3 (or 1/2) from the host
    reply_received,      // matched reply
    unanswered_request,  // a request that got no reply
    unmatched_reply,     // reply whose origin matched no request
    broadcast_received,  // mode 5
    request_received,    // mode 3 from the peer (the host serves it)
    reply_sent,          // mode 4 from the host
    kiss_of_death,
    crypto_nak,
    control,             // mode 6/7 either way
    not_ntp,
    count_,
};
std::string_view peer_example_name(PeerExample k);

struct PeerModel {
    SockAddr address;  // IP only (port 0); v4-mapped IPv6 folded to IPv4
    std::vector<uint16_t> ports;  // peer ports seen, at most 4
    AssociationType type = AssociationType::none;
    bool serves = false;  // the peer is also the host's client (host answered its mode 3)
    bool multicast_dst = false;  // some mode 5 packet arrived on a group address/socket

    PacketCounts packets;
    ExchangeCounts outbound;  // the host's requests to the peer
    ExchangeCounts inbound;   // the peer's requests to the host
    Polling polling;
    Timing timing;            // client/server and symmetric exchanges
    Timing broadcast_timing;  // mode-5 packets, with the delay calibrated by an exchange
    PeerState state;
    AuthCounts auth;
    CappedMap<std::string, uint64_t, 16> kiss_codes;  // KoD received, by code

    // The ntpq -p columns, set when the analysis finishes.
    uint8_t reach = 0;                 // last 8 polls, newest in bit 0, 1 = answered/heard
    std::optional<double> when;        // s from the last packet received to the trace end
    std::optional<int8_t> poll_log2;   // steady poll: the poll field of the host's requests
                                       // (u/s) or of the peer's packets (m/b)
    std::optional<double> measured_interval;  // s, mean steady interval

    int64_t first_t = 0;
    int64_t last_t = 0;
    int64_t last_sent_t = 0;      // 0 when never
    int64_t last_received_t = 0;  // 0 when never

    std::array<FirstLast<ExampleEvent, kExamples>, static_cast<size_t>(PeerExample::count_)>
        examples;
    PeerTimeline timeline;  // NTP packets by direction and mode over time (diff's HTML report)

    std::string name() const { return address.ip_string(); }
    // The samples behind the ntpq offset/delay/jitter columns: ntpd ignores mode-5 packets
    // from a server it polls, and a multicast client has only those.
    const Timing& shown_timing() const {
        return is_listened_to(type) ? broadcast_timing : timing;
    }
    const FirstLast<ExampleEvent, kExamples>& example(PeerExample k) const {
        return examples[static_cast<size_t>(k)];
    }
};

// The peer identity used everywhere: IP only, v4-mapped IPv6 folded to IPv4.
SockAddr peer_key(const SockAddr& address);

}  // namespace ntpscope::analysis
