// mcastsim-client: a SIMULATOR of an ntpd 4.2 multicast client, the seed's good and bad
// hosts, because NTPsec has no multicast modes. It uses ntpd's syscall pattern (see --help)
// and replays the association life cycle that matters for the seed:
//   * the first mode-5 packet from a server mobilizes a temporary client-mode association
//     that sends a volley of mode-3 requests to calibrate the delay, then only listens;
//   * with --stuck SERVER, that server's volley is cut short as if the association had been
//     cleared by a clock step at start-up; it is re-mobilized in client mode and stays there,
//     polling with poll exponent --stuck-poll while its mode-5 packets are ignored.
// It never changes the clock: clock_adjtime is only called with modes 0 (a read).
#include <sys/timex.h>

#include <CLI/CLI.hpp>

#include <cstdio>
#include <map>

#include "mac.hpp"
#include "ntp_header.hpp"
#include "program.hpp"
#include "udp.hpp"

namespace ntplab {
namespace {

constexpr uint16_t kNtpPort = 123;
constexpr int8_t kVolleyPoll = 6;  // the temporary association's minpoll (64 s)

struct Options {
    std::string address;
    std::string group = "224.0.1.1";
    std::string keys_file;
    std::vector<uint32_t> trusted;
    int volley_count = 8;
    double volley_spacing = 2;
    std::string stuck;
    int stuck_after = 3;
    double stuck_interval = 1024;
    int stuck_poll = 10;
    double clock_interval = 64;
    int fd_base = 16;
    bool verbose = false;
};

enum class State { volley, multicast, stuck };

const char* state_name(State s) {
    switch (s) {
        case State::volley: return "client (start-up volley)";
        case State::multicast: return "multicast client";
        case State::stuck: return "client (stuck)";
    }
    return "?";
}

struct Association {
    in_addr server{};
    uint32_t key_id = 0;
    State state = State::volley;
    int volley_sent = 0;
    double next_send = 0;
    NtpTime last_transmit;  // our last request's transmit stamp: the reply's origin
    NtpTime peer_transmit;  // the server's last transmit stamp, echoed as our origin
    NtpTime peer_received;  // when that arrived here
    double delay = 0;       // calibrated by the volley
    unsigned long mode5 = 0, requests = 0, replies = 0;
};

class Client {
public:
    Client(const Options& o, KeyRing keys)
        : opt_(o), keys_(std::move(keys)), address_(parse_ipv4(o.address)),
          group_addr_(parse_ipv4(o.group)),
          interface_(UdpSocket::bind(address_, kNtpPort, o.fd_base)),
          group_(UdpSocket::bind(group_addr_, kNtpPort, o.fd_base + 1)) {
        group_.join_group(group_addr_, address_);
        if (!o.stuck.empty()) stuck_ = parse_ipv4(o.stuck);
        for (uint32_t id : opt_.trusted) {
            if (keys_.secret(id) == nullptr) {
                throw std::runtime_error(opt_.keys_file + ": no trusted key " + std::to_string(id));
            }
        }
        std::printf("interface socket fd %d (%s:123), group socket fd %d (%s:123)\n",
                    interface_.fd(), o.address.c_str(), group_.fd(), o.group.c_str());
    }

    int run() {
        double next_clock = monotonic_now() + opt_.clock_interval;
        const int fds[] = {interface_.fd(), group_.fd()};
        while (!stop_requested()) {
            double now = monotonic_now();
            for (auto& [key, a] : associations_) {
                if (a.state != State::multicast && now >= a.next_send) poll(a, now);
            }
            if (now >= next_clock) {
                clock_update();
                next_clock = now + opt_.clock_interval;
            }
            double deadline = next_clock;
            for (const auto& [key, a] : associations_) {
                if (a.state != State::multicast) deadline = std::min(deadline, a.next_send);
            }
            for (int fd : wait_readable(fds, deadline - monotonic_now())) {
                if (fd == interface_.fd()) {
                    interface_.drain([this](const Datagram& d) { on_reply(d); });
                } else {
                    group_.drain([this](const Datagram& d) { on_multicast(d); });
                }
            }
        }
        for (const auto& [key, a] : associations_) {
            std::printf("%s: %s, %lu mode-5 packets, %lu requests, %lu replies\n",
                        to_string(a.server).c_str(), state_name(a.state), a.mode5, a.requests,
                        a.replies);
        }
        return 0;
    }

private:
    bool is_stuck(const Association& a) const {
        return stuck_ && stuck_->s_addr == a.server.s_addr;
    }

    void on_multicast(const Datagram& d) {
        const auto h = decode(d.bytes);
        if (!h || h->mode != static_cast<uint8_t>(Mode::broadcast)) return;
        const MacCheck mac = check_mac(d.bytes, keys_, opt_.trusted);
        if (mac.status != MacStatus::ok) {
            std::printf("%s: mode-5 packet fails authentication (key %u), ignored\n",
                        to_string(d.from.sin_addr).c_str(), mac.key_id);
            return;
        }
        auto [it, created] = associations_.try_emplace(d.from.sin_addr.s_addr);
        Association& a = it->second;
        ++a.mode5;
        if (created) {
            a.server = d.from.sin_addr;
            a.key_id = mac.key_id;
            a.next_send = monotonic_now();
            say(a, "mobilized from its first mode-5 packet");
        }
        a.peer_transmit = h->transmit;
        a.peer_received = to_ntp(d.received);
        // Only a multicast-client association takes time from mode-5 packets; the volley and
        // a stuck client-mode association ignore them.
        if (a.state == State::multicast) {
            sample(a, seconds_between(from_ntp(h->transmit), d.received) + a.delay / 2);
        }
    }

    void on_reply(const Datagram& d) {
        const auto h = decode(d.bytes);
        if (!h || h->mode != static_cast<uint8_t>(Mode::server)) return;
        const auto it = associations_.find(d.from.sin_addr.s_addr);
        if (it == associations_.end()) return;
        Association& a = it->second;
        if (!(h->origin == a.last_transmit)) return;  // not an answer to our last request
        if (check_mac(d.bytes, keys_, opt_.trusted).status != MacStatus::ok) {
            say(a, "reply fails authentication, ignored");
            return;
        }
        ++a.replies;
        const timespec t1 = from_ntp(a.last_transmit), t2 = from_ntp(h->receive);
        const timespec t3 = from_ntp(h->transmit), t4 = d.received;
        a.delay = seconds_between(t4, t1) - seconds_between(t3, t2);
        a.peer_transmit = h->transmit;
        a.peer_received = to_ntp(d.received);
        if (a.state == State::stuck) {
            sample(a, (seconds_between(t2, t1) + seconds_between(t3, t4)) / 2);
        }
    }

    void poll(Association& a, double now) {
        if (a.state == State::volley && a.volley_sent >= opt_.volley_count) {
            a.state = State::multicast;
            say(a, "volley done, listening only");
            return;
        }
        send_request(a, a.state == State::stuck ? static_cast<int8_t>(opt_.stuck_poll) : kVolleyPoll);
        if (a.state == State::stuck) {
            a.next_send = now + opt_.stuck_interval;
            return;
        }
        ++a.volley_sent;
        a.next_send = now + opt_.volley_spacing;
        if (is_stuck(a) && a.volley_sent == opt_.stuck_after) {
            a.state = State::stuck;
            a.next_send = now + opt_.stuck_interval;
            say(a, "association cleared mid-volley and re-mobilized in client mode: stuck");
        }
    }

    void send_request(Association& a, int8_t poll_exponent) {
        Header h;
        h.leap = synced_ ? 0 : 3;
        h.mode = static_cast<uint8_t>(Mode::client);
        h.stratum = synced_ ? 3 : 0;
        h.poll = poll_exponent;
        h.refid = synced_ ? ntohl(system_peer_.s_addr) : 0;
        h.reference = last_update_;
        h.origin = a.peer_transmit;
        h.receive = a.peer_received;
        h.transmit = wall_now();
        a.last_transmit = h.transmit;
        const auto packet = append_mac(encode(h), a.key_id, *keys_.secret(a.key_id));
        // ntpd 4.2.4 (the seed) gives an association mobilized by a multicast packet the socket
        // that packet came in on: its requests leave from the group socket (the kernel picks
        // the interface address as source), and the replies arrive on the interface socket.
        if (group_.send_to(packet, endpoint(a.server, kNtpPort))) ++a.requests;
        if (opt_.verbose) say(a, "mode 3 sent, poll " + std::to_string(poll_exponent));
    }

    void sample(const Association& a, double offset) {
        if (!have_sample_) system_peer_ = a.server;
        have_sample_ = true;
        if (opt_.verbose) say(a, "sample, offset " + std::to_string(offset) + " s");
    }

    // ntpd's local clock update reaches the kernel through clock_adjtime. This stand-in only
    // reads (modes 0): the clock belongs to the machine, not to the lab.
    void clock_update() {
        if (!have_sample_) return;
        have_sample_ = false;
        timex tx{};
        tx.modes = 0;
        if (clock_adjtime(CLOCK_REALTIME, &tx) >= 0) {
            synced_ = true;
            last_update_ = wall_now();
        }
    }

    void say(const Association& a, const std::string& what) const {
        std::printf("%s: %s: %s\n", to_string(a.server).c_str(), state_name(a.state), what.c_str());
    }

    Options opt_;
    KeyRing keys_;
    in_addr address_, group_addr_;
    UdpSocket interface_, group_;
    std::optional<in_addr> stuck_;
    std::map<in_addr_t, Association> associations_;
    bool have_sample_ = false, synced_ = false;
    in_addr system_peer_{};
    NtpTime last_update_;
};

}  // namespace
}  // namespace ntplab

int main(int argc, char** argv) {
    ntplab::Options o;
    CLI::App app{
        "mcastsim-client: a SIMULATOR of an ntpd 4.2 multicast client for the ntpscope lab.\n"
        "NTPsec, which the lab uses elsewhere, has no multicast modes, so this program\n"
        "reproduces the seed's client instead. Syscalls as ntpd's: a socket bound to\n"
        "--address:123 and one bound to the group:123 that joined it (both SO_REUSEADDR,\n"
        "SO_TIMESTAMPNS, nonblocking, at fds >= --fd-base), select(), recvmsg until EAGAIN,\n"
        "sendto from the group socket (as ntpd 4.2.4), clock_adjtime(CLOCK_REALTIME) with modes 0 only:\n"
        "it never changes the clock.\n"
        "Behaviour: a server's first mode-5 packet starts a volley of --volley-count mode-3\n"
        "requests (poll 6) --volley-spacing s apart, after which the client only listens.\n"
        "With --stuck SERVER, that volley stops after --stuck-after requests and the client\n"
        "keeps polling SERVER every --stuck-interval s (poll field --stuck-poll) while\n"
        "ignoring its mode-5 packets: the stuck unicast association of the seed."};
    app.add_option("--address", o.address, "this client's interface address")->required();
    app.add_option("--group", o.group, "multicast group")->capture_default_str();
    app.add_option("--keys", o.keys_file, "ntp.keys file (ID MD5 SECRET)")->required()->check(CLI::ExistingFile);
    app.add_option("--trusted", o.trusted, "trusted key IDs")->required()->delimiter(',');
    app.add_option("--volley-count", o.volley_count, "requests in a start-up volley")
        ->capture_default_str()->check(CLI::Range(1, 64));
    app.add_option("--volley-spacing", o.volley_spacing, "seconds between volley requests")
        ->capture_default_str()->check(CLI::Range(0.1, 64.0));
    app.add_option("--stuck", o.stuck, "server whose association gets stuck in client mode");
    app.add_option("--stuck-after", o.stuck_after, "volley requests sent before it gets stuck")
        ->capture_default_str()->check(CLI::Range(1, 64));
    app.add_option("--stuck-interval", o.stuck_interval, "seconds between the stuck polls (ntpd: up to 1024)")
        ->capture_default_str()->check(CLI::Range(0.1, 65536.0));
    app.add_option("--stuck-poll", o.stuck_poll, "poll exponent in the stuck requests")
        ->capture_default_str()->check(CLI::Range(3, 17));
    app.add_option("--clock-interval", o.clock_interval, "seconds between clock updates (reads)")
        ->capture_default_str()->check(CLI::Range(0.1, 3600.0));
    app.add_option("--fd-base", o.fd_base, "lowest fd for the sockets (ntpd's are >= 16)")
        ->capture_default_str()->check(CLI::Range(3, 1000));
    app.add_flag("-v,--verbose", o.verbose, "print every packet and sample");
    CLI11_PARSE(app, argc, argv);
    return ntplab::run_program("mcastsim-client", [&] {
        ntplab::Client client(o, ntplab::KeyRing::load(o.keys_file));
        std::printf("mcastsim-client %s: listening to %s%s\n", o.address.c_str(), o.group.c_str(),
                    o.stuck.empty() ? "" : (", stuck towards " + o.stuck).c_str());
        return client.run();
    });
}
