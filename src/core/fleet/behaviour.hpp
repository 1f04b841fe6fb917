// How one host behaves towards each of its servers and with its clock, in the terms `diff`
// uses, reduced to what stays the same between two healthy hosts with one configuration: no fd
// numbers, no host addresses, nothing a restart's start-up volley or the trace's length changes.
// A few values stay unknown (std::nullopt) where the input cannot show them: a capture has no
// sockets and no clock calls, strace's 32-byte strings cut off the MAC.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/analysis/host_model.hpp"
#include "core/model/sockaddr.hpp"

namespace ntpscope::fleet {

// How a server's answers (polled servers) or packets (listened-to servers) reach the host.
enum class Health : uint8_t {
    ok,      // answered, or heard at its own poll interval
    lossy,   // at least a fifth of the requests unanswered, or packets heard less than half as often
    silent,  // requests sent, none answered
};
std::string_view health_name(Health h);  // "ok", "lossy", "silent"

// The poll field of the steady traffic, in bands wide enough that ntpd raising its poll from
// 64 s to 1024 s as it settles stays one band.
enum class PollBand : uint8_t {
    fast,   // below 64 s: minpoll lowered
    usual,  // 64 .. 1024 s: ntpd's defaults
    slow,   // above 1024 s: maxpoll raised
};
std::string_view poll_band_name(PollBand b);  // "fast (< 64 s)", ...

struct ServerBehaviour {
    SockAddr server;  // peer_key: IP only
    analysis::AssociationType type = analysis::AssociationType::none;
    // NTP modes the host sends outside start-up volleys (bit per mode, at least two packets).
    uint8_t steady_modes_sent = 0;
    bool hears_broadcasts = false;  // mode-5 packets received from it
    std::optional<PollBand> poll;   // nullopt: no poll field in the steady traffic
    Health health = Health::ok;
    bool later_bursts = false;  // at least two bursts after start-up
    std::vector<std::string> kiss_codes;  // Kiss-o'-Death codes received, sorted
    // Key ids on the steady requests (empty: no MAC); nullopt when the host does not poll or
    // the payloads were cut before the MAC.
    std::optional<std::vector<uint32_t>> keys_sent;
    std::optional<bool> crypto_naks;  // nullopt when the replies were cut before the MAC

    // For picking a group's most typical host (never for grouping): per hour of trace.
    double broadcasts_per_hour = 0;
    double steady_requests_per_hour = 0;
    double unanswered_share = 0;
};

struct ClockBehaviour {
    std::optional<bool> disciplines;  // adjtimex/clock_adjtime calls; nullopt: trace too short
    bool steps = false;
    std::optional<bool> unsynchronised;   // STA_UNSYNC in the last status; nullopt: no call
    std::optional<bool> frequency_at_limit;
    std::optional<bool> offset_past_step;  // the daemon's mean offset beyond 128 ms
    // Other processes that changed the clock or tried to, by name (pids differ from host to
    // host), sorted; nullopt where the input cannot see them (strace, older recordings).
    std::optional<std::vector<std::string>> other_writers;
    double adjust_calls_per_hour = 0;
};

struct SocketBehaviour {
    // Socket identities ("multicast_group 224.0.1.1:123", "interface IPv4") that receive NTP
    // outside start-up volleys, and those with failing calls; sorted.
    std::vector<std::string> receiving;
    std::vector<std::string> failing;
};

struct HostBehaviour {
    bool no_ntp = false;
    std::vector<ServerBehaviour> servers;  // associations (u, m, b, s), sorted by address
    uint64_t servers_left_out = 0;         // past kMaxServers
    std::optional<SocketBehaviour> sockets;  // nullopt: the input has no socket detail (pcap)
    std::optional<ClockBehaviour> clock;     // nullopt: the input has no clock calls (pcap)
    uint64_t startup_volleys = 0;

    const ServerBehaviour* find(const SockAddr& server) const;
};

// Servers kept per host: real clients have a handful; a server's model (thousands of client
// peers) holds served clients, which are not associations and are not kept either.
inline constexpr size_t kMaxServers = 64;

HostBehaviour describe_behaviour(const analysis::HostModel& model);

}  // namespace ntpscope::fleet
