// Good and bad hosts for the diff tests, built from ../shared/notes/ntp-facts.md and the seed:
// ntpd clients whose traces hold real NTP packets, with jitter, different fd numbers,
// different trace lengths and times of day, so only the fault tells the hosts apart.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "../analysis/host_events.hpp"
#include "core/analysis/host_model.hpp"
#include "core/model/event.hpp"

namespace ntpscope::diff::test {

using analysis::test::kMs;
using analysis::test::kSecond;
using analysis::test::kStart;
inline constexpr int64_t kMinute = 60 * kSecond;
inline constexpr int64_t kHour = 60 * kMinute;

// One host's recorded trace: header, events in time order, footer.
struct HostTrace {
    TraceHeader header;
    std::vector<Event> events;
    int64_t end = 0;

    void sort();  // events into time order (builders add them server by server)
    analysis::HostModel analyze() const;
    // Writes it as a native trace (docs/trace-format.md) to `path`.
    void write(const std::string& path) const;
};

// How a server treats one host's requests.
struct ServerBehaviour {
    bool answers = true;
    std::optional<std::string> kiss;   // reply with this Kiss-o'-Death code instead
    uint32_t kiss_every = 1;           // ... on every n-th request
    std::optional<uint32_t> key;       // the host signs requests with this key id (MD5)
    bool crypto_nak = false;           // the server answers signed requests with a crypto-NAK
    int8_t poll = 6;                   // poll field (log2 s) of the host's steady requests
    // The requests leave from the group socket, as ntpd 4.2.4's association made by a
    // multicast packet sends them (the seed); the replies still arrive on the interface socket.
    bool from_group_socket = false;
};

// An ntpd client on one host: an interface socket for unicast, a socket bound to the
// multicast group, and the clock discipline calls ntpd makes.
class NtpdClient {
public:
    NtpdClient(std::string host, const char* iface_addr, int32_t iface_fd, int32_t group_fd,
               int64_t start, int64_t duration, uint32_t seed);

    // Steady polling of `server` every 2^poll s (with jitter) over the whole trace.
    void polls(const char* server, const ServerBehaviour& behaviour = {});
    // An iburst/calibration volley of 8 requests 2 s apart at `t`, all answered.
    void volley(const char* server, int64_t t);
    // A multicast server's mode-5 packets every ~64 s, read on the group socket.
    void hears_multicast(const char* server);
    // clock_adjtime every ~64 s with offsets of about `offset` s.
    void disciplines(double offset = 0.0005);
    void steps_clock(int64_t t, double amount);
    // Another process (systemd-timesyncd, seen through its C library) tries to discipline the
    // clock every 32 s and to set it once; the kernel refuses each (EPERM).
    void second_discipline_tries(int32_t pid = 455, const char* comm = "systemd-timesyn");

    int64_t start() const { return start_; }
    int64_t end() const { return trace_.end; }
    HostTrace trace();

private:
    void exchange(const SockAddr& server, int64_t t1, int8_t poll, const ServerBehaviour& b,
                  uint32_t n);
    int64_t jitter(int64_t max_ns);

    HostTrace trace_;
    SockInfo iface_;
    SockInfo group_;
    int32_t iface_fd_;
    int32_t group_fd_;
    int64_t start_;
    uint32_t seed_;
};

struct HostPair {
    HostTrace good;
    HostTrace bad;
};

inline constexpr const char* kS51 = "10.1.0.51";
// The seed's four multicast servers (s11, s12, s51, s52), each signing with its own key.
inline constexpr const char* kMulticastServers[] = {"10.1.0.11", "10.1.0.12", kS51, "10.1.0.52"};

// 1. The seed: four multicast servers; the bad host stays a unicast client of s51 (mode 3
//    every ~1024 s, poll 10), the good host was just restarted and shows its volleys.
HostPair seed_stuck_multicast();
//    The other mechanism: the bad host's ntp.conf has a `server` line for s51, so it polls s51
//    from its interface socket (poll 6) from the start, without a start-up volley.
HostPair server_line_for_multicast_server();
// 2. Server 10.0.0.7 answers the bad host with KoD RATE.
HostPair kod_rate();
// 3. Server 10.0.0.8's replies never reach the bad host.
HostPair lost_replies();
// 4. Server 10.0.0.9 answers the bad host's signed requests with crypto-NAKs.
HostPair crypto_nak();
//    ... or the bad host signs with key 2 instead of 1 and gets no answer.
HostPair wrong_key();
// 5. The bad host steps its clock once.
HostPair clock_step();
// 5b. Beside ntpd, systemd-timesyncd tries to discipline and to set the bad host's clock.
HostPair second_clock_discipline();
// The daemon and another process try to discipline the bad host's clock; the kernel refuses
// every call.
HostPair refused_clock_disciplines();
// 6. Two healthy unicast clients: different fds, lengths, times of day; volley on one side.
HostPair healthy_unicast();
//    Two healthy multicast clients, one freshly restarted (volleys).
HostPair healthy_multicast();

}  // namespace ntpscope::diff::test
