// The per-host model: what one trace says about one host's NTP daemon, rebuilt from the wire
// (peers and their associations), from its sockets and from its clock discipline calls.
// HostAnalyzer (host_analyzer.hpp) builds it by streaming events; the summary renderers and
// the diff engine read it. Every container is bounded by per-peer aggregates, never by the
// trace length. docs/analysis.md ("Per-host model") explains how each value is derived.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/analysis/bounded.hpp"
#include "core/analysis/timeline.hpp"
#include "core/model/event.hpp"

namespace ntpscope::analysis {

// How many examples of each kind are kept: the first kExamples and the last kExamples.
inline constexpr size_t kExamples = 3;
// Points kept in a downsampled time series (offsets, clock discipline).
inline constexpr size_t kSeriesPoints = 256;
// Distinct peers tracked; packets from further addresses are only counted (a note says so).
inline constexpr size_t kMaxPeers = 4096;
// Distinct sockets tracked; further ones are merged into one "overflow" entry.
inline constexpr size_t kMaxSockets = 1024;

enum class Direction : uint8_t { sent, received };
std::string_view direction_name(Direction d);  // "sent", "received"

// ---------------------------------------------------------------------------------------
// Sockets

enum class SocketRole : uint8_t {
    wildcard,         // bound to 0.0.0.0 / :: on the NTP port
    loopback,         // bound to 127.0.0.0/8 or ::1
    interface,        // bound to one interface's unicast address
    multicast_group,  // bound to a multicast group (ntpd's 224.0.1.1:123 socket)
    connected,        // connected UDP socket, one per request (chronyd's client sockets)
    netlink,          // AF_NETLINK (ntpd's interface-update socket): never NTP
    unix_domain,      // AF_UNIX: never NTP
    other_port,       // an IP socket bound to a port other than the NTP port
    unknown,          // no socket information (e.g. an import without it)
};
std::string_view socket_role_name(SocketRole r);  // "wildcard", "multicast_group", ...
bool carries_ntp(SocketRole r);  // false for netlink, unix_domain

// One example event, enough to cite in a finding ("12:04:56 recvmsg fd 22 -> EAGAIN").
struct ExampleEvent {
    int64_t t = 0;  // wall clock ns
    Syscall syscall = Syscall::recvmsg;
    int32_t fd = -1;
    uint32_t pid = 0;
    int64_t ret = 0;
    int32_t err = 0;
    uint32_t len = 0;        // datagram length
    int8_t ntp_mode = -1;    // -1 when not an NTP packet or not a datagram
    int8_t ntp_poll = 0;
    SockAddr peer;           // remote address with port, when known
    SockAddr local;          // the socket's local address, when known
    bool operator==(const ExampleEvent&) const = default;
};

enum class SocketExample : uint8_t { received, eagain, sent, error, count_ };

struct SocketModel {
    SocketRole role = SocketRole::unknown;
    uint16_t family = 0;
    uint16_t type = 0;
    SockAddr local;   // for `connected`, the port is dropped (it changes per request)
    SockAddr remote;  // `connected` only: the peer, port kept
    std::vector<int32_t> fds;  // fd numbers seen (at most 8); they differ between hosts
    uint64_t instances = 0;    // distinct sockets merged into this entry (by inode)
    std::vector<SockAddr> groups;  // multicast groups joined (IP_ADD_MEMBERSHIP...), at most 8

    uint64_t receive_calls = 0;   // a recvmmsg counts once
    uint64_t received = 0;        // datagrams returned
    uint64_t eagain = 0;          // receive calls that returned EAGAIN/EWOULDBLOCK
    uint64_t receive_errors = 0;  // other receive failures
    uint64_t send_calls = 0;
    uint64_t sent = 0;            // datagrams sent
    uint64_t send_errors = 0;
    uint64_t bytes_received = 0;
    uint64_t bytes_sent = 0;
    uint64_t not_ntp = 0;         // datagrams on an NTP-carrying socket that do not decode as NTP
    uint64_t sent_copies = 0;     // MSG_ERRQUEUE copies of sent packets (transmit timestamps)
    uint64_t truncated = 0;       // datagrams whose capture was cut short
    CappedMap<int32_t, uint64_t, 16> errors;  // errno -> failed calls (EAGAIN included)
    std::vector<SockAddr> peers;  // peer IPs (port 0) seen on it, at most 16
    uint64_t more_peers = 0;      // datagrams from peers past that list
    int64_t first_t = 0;
    int64_t last_t = 0;
    std::array<FirstLast<ExampleEvent, kExamples>, static_cast<size_t>(SocketExample::count_)>
        examples;

    // "interface 10.0.0.2:123", "connected ->192.0.2.1:123", "netlink fd 5"
    std::string label() const;
};

// ---------------------------------------------------------------------------------------
// Peers

enum class AssociationType : uint8_t {
    unicast,        // 'u': the host polls the peer with mode 3 (steadily, not just a volley)
    multicast,      // 'm': mode 5 received on a multicast group, not polled
    broadcast,      // 'b': mode 5 received on a unicast/broadcast address, not polled
    symmetric,      // 's': modes 1/2
    served_client,  // the peer polls the host (mode 3 in, mode 4 out): not in ntpq -p
    control_only,   // only mode 6/7 traffic (ntpq, ntpdc)
    none,           // no NTP at all (only undecodable datagrams)
};
std::string_view association_type_name(AssociationType t);  // "unicast", "multicast", ...
char association_type_char(AssociationType t);  // 'u' 'm' 'b' 's', '-' otherwise

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
};

// Requests one side sent and the replies matched to them by origin == request transmit.
struct ExchangeCounts {
    uint64_t requests = 0;
    uint64_t answered = 0;
    uint64_t unanswered = 0;        // no reply; not counting those still awaited at trace end
    uint64_t awaiting_at_end = 0;   // sent within kReplyTimeout of the end, no reply yet
    uint64_t unmatched_replies = 0; // a reply whose origin matches no recent request
    uint64_t duplicate_replies = 0; // a second reply to an already answered request
    // Answered requests matched by arrival time instead, because the capture did not hold the
    // timestamps (strace's default 32-byte strings): no offset or delay for them.
    uint64_t matched_by_time = 0;
};
// How long after a request a reply still counts as an answer in progress at trace end.
inline constexpr double kReplyTimeoutSeconds = 8.0;

// A run of requests closer together than steady polling (an iburst/burst volley).
struct Burst {
    int64_t first_t = 0;
    int64_t last_t = 0;
    uint32_t requests = 0;
    bool startup = false;  // first requests to the peer, or after a silence (see docs)
    bool operator==(const Burst&) const = default;
};
// Requests at most this far apart belong to one burst.
inline constexpr double kBurstGapSeconds = 4.0;
// A burst has at least this many requests; a run longer than kMaxBurstRequests is
// fast steady polling (minpoll 0/1), not a burst.
inline constexpr uint32_t kMinBurstRequests = 3;
inline constexpr uint32_t kMaxBurstRequests = 12;

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
        const bool listens = type == AssociationType::multicast || type == AssociationType::broadcast;
        return listens ? broadcast_timing : timing;
    }
    const FirstLast<ExampleEvent, kExamples>& example(PeerExample k) const {
        return examples[static_cast<size_t>(k)];
    }
};

// ---------------------------------------------------------------------------------------
// Clock discipline

// adjtimex return values.
enum class ClockState : uint8_t { ok, ins, del, oop, wait, error };
inline constexpr size_t kClockStates = 6;
std::string_view clock_state_name(ClockState s);  // "TIME_OK", ..., "TIME_ERROR"

struct DisciplineSample {
    int64_t t = 0;
    double offset = 0;  // s (timex offset scaled by STA_NANO)
    double freq = 0;    // ppm
    int32_t status = 0;
    bool operator==(const DisciplineSample&) const = default;
};

struct StatusChange {
    int64_t t = 0;
    int32_t status = 0;
    bool operator==(const StatusChange&) const = default;
};

struct ClockStep {
    int64_t t = 0;
    Syscall syscall = Syscall::clock_settime;
    std::optional<double> amount;    // s: ADJ_SETOFFSET's offset, or target − call time
    std::optional<int64_t> target;   // clock_settime / settimeofday target, ns
    bool failed = false;
    bool operator==(const ClockStep&) const = default;
};

struct ClockModel {
    uint64_t calls = 0;     // adjtimex + clock_adjtime
    uint64_t failed = 0;
    uint64_t other_clocks = 0;  // clock_adjtime/clock_settime on a clock other than REALTIME
    CappedMap<uint32_t, uint64_t, 32> calls_by_modes;  // ADJ_* bit set -> calls (0 = read)
    std::array<uint64_t, kClockStates> states{};       // returned state -> calls
    std::array<uint64_t, 16> status_bits{};            // STA_* bit -> calls that returned it
    std::optional<DisciplineSample> last;
    RunningStats offsets;  // s
    RunningStats freqs;    // ppm
    IntervalStats call_intervals;
    DownsampledSeries<DisciplineSample, kSeriesPoints> series;
    FirstLast<StatusChange, 8> status_changes;
    uint64_t steps = 0;
    FirstLast<ClockStep, 8> step_log;
};

// ---------------------------------------------------------------------------------------
// The trace itself, and notes for the reader

struct ProcessEvent {
    int64_t t = 0;
    Syscall syscall = Syscall::exec;  // exec or exit
    uint32_t pid = 0;
    std::string comm;
    bool operator==(const ProcessEvent&) const = default;
};

struct TraceMeta {
    std::string source;  // "ebpf", "strace", "pcap"
    std::string tool;
    std::string host;
    std::string kernel;
    std::optional<SockAddr> host_ip;
    std::string date_from;  // strace -t/-tt: where the date came from
    std::vector<TargetInfo> targets;
    int64_t start = 0;  // header start, else the first event
    int64_t end = 0;    // footer end, else the last event
    double duration = 0;  // s
    uint64_t events = 0;  // events read
    std::array<uint64_t, kSyscallCount> events_by_syscall{};
    bool footer = false;
    uint64_t footer_events = 0;
    uint64_t lost = 0;
    uint64_t omitted = 0;            // recvmmsg/sendmmsg messages past the recording bound
    uint64_t truncated_payloads = 0;
    uint64_t untracked_peer_packets = 0;  // packets from peers past kMaxPeers
    FirstLast<ProcessEvent, 8> processes;
    FirstLast<std::string, 10> warnings;  // reader warnings, as given
};

enum class NoteCode : uint8_t {
    lost_events,       // the recorder dropped events
    no_footer,         // the trace ends without a footer (recorder killed, file cut)
    event_count,       // the footer's event count differs from the events read
    omitted_messages,  // recvmmsg/sendmmsg messages not recorded
    truncated_payloads,
    reader_warnings,
    short_trace,       // too short to judge poll intervals for some peers
    too_many_peers,
    no_ntp,            // no NTP packet at all
};
std::string_view note_code_name(NoteCode c);  // "lost_events", ...

struct Note {
    NoteCode code = NoteCode::lost_events;
    std::string text;  // one sentence for a human
    bool operator==(const Note&) const = default;
};

struct HostModel {
    TraceMeta meta;
    std::vector<PeerModel> peers;      // sorted by address
    std::vector<SocketModel> sockets;  // sorted by role, then local address
    ClockModel clock;
    std::vector<Note> notes;

    // Peer by IP (the port is ignored); nullptr when the host never talked to it.
    const PeerModel* find_peer(const SockAddr& address) const;
    bool has_note(NoteCode c) const;
};

// The peer identity used everywhere: IP only, v4-mapped IPv6 folded to IPv4.
SockAddr peer_key(const SockAddr& address);

}  // namespace ntpscope::analysis
