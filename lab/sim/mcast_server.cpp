// mcastsim-server: the lab's stand-in for an ntpd 4.2 multicast server (the seed's s11, s12,
// s51, s52). NTPsec has no broadcast or multicast modes, so the lab needs this to put mode-5
// traffic on the wire. It sends a mode-5 packet with an MD5 MAC to the group every interval
// and answers mode-3 requests with mode-4 replies.
#include <CLI/CLI.hpp>

#include <cstdio>
#include <random>

#include "mac.hpp"
#include "ntp_header.hpp"
#include "program.hpp"
#include "udp.hpp"

namespace ntplab {
namespace {

struct Options {
    std::string address;
    std::string group = "224.0.1.1";
    std::string keys_file;
    uint32_t key_id = 0;
    double interval = 64;
    int stratum = 2;
    int poll = 6;
    bool verbose = false;
};

constexpr uint16_t kNtpPort = 123;
// Stratum-2 servers name their upstream in the refid: 192.0.2.1 (TEST-NET-1, never routed).
constexpr uint32_t kUpstreamRefid = 0xC0000201;

class Server {
public:
    Server(const Options& o, KeyRing keys)
        : opt_(o), keys_(std::move(keys)), address_(parse_ipv4(o.address)),
          group_(endpoint(parse_ipv4(o.group), kNtpPort)),
          socket_(UdpSocket::bind(address_, kNtpPort, 0)) {
        if (keys_.secret(opt_.key_id) == nullptr) {
            throw std::runtime_error(opt_.keys_file + ": no key " + std::to_string(opt_.key_id));
        }
        socket_.send_multicast_via(address_);
    }

    int run() {
        std::mt19937 rng(std::random_device{}());
        // ntpd spreads its broadcasts a little; the seed saw 63-68 s between them.
        std::uniform_real_distribution<double> jitter(0.0, opt_.interval / 16);
        double next_broadcast = monotonic_now() + jitter(rng);
        const int fds[] = {socket_.fd()};
        while (!stop_requested()) {
            const double now = monotonic_now();
            if (now >= next_broadcast) {
                broadcast();
                next_broadcast = now + opt_.interval + jitter(rng);
            }
            if (!wait_readable(fds, next_broadcast - monotonic_now()).empty()) {
                socket_.drain([this](const Datagram& d) { answer(d); });
            }
        }
        std::printf("stopping: %lu multicast packets sent, %lu requests answered\n", sent_, answered_);
        return 0;
    }

private:
    Header base(uint8_t mode) const {
        Header h;
        h.mode = mode;
        h.stratum = static_cast<uint8_t>(opt_.stratum);
        h.poll = static_cast<int8_t>(opt_.poll);
        h.root_delay = 0x00000290;       // ~10 ms to the primary
        h.root_dispersion = 0x000004A0;  // ~18 ms
        h.refid = kUpstreamRefid;
        NtpTime ref = wall_now();
        ref.seconds -= 17;  // last set from upstream a little while ago
        h.reference = ref;
        return h;
    }

    std::vector<uint8_t> signed_packet(const Header& h) const {
        const auto header = encode(h);
        return append_mac(header, opt_.key_id, *keys_.secret(opt_.key_id));
    }

    void broadcast() {
        Header h = base(static_cast<uint8_t>(Mode::broadcast));
        h.transmit = wall_now();
        if (socket_.send_to(signed_packet(h), group_)) ++sent_;
        if (opt_.verbose) std::printf("mode 5 -> %s\n", opt_.group.c_str());
    }

    void answer(const Datagram& d) {
        const auto request = decode(d.bytes);
        if (!request || request->mode != static_cast<uint8_t>(Mode::client)) return;
        Header h = base(static_cast<uint8_t>(Mode::server));
        h.version = request->version;
        h.poll = request->poll;
        h.origin = request->transmit;
        h.receive = to_ntp(d.received);
        const uint32_t own[] = {opt_.key_id};
        const MacCheck mac = check_mac(d.bytes, keys_, own);
        h.transmit = wall_now();
        const auto header = encode(h);
        std::vector<uint8_t> reply;
        switch (mac.status) {
            case MacStatus::none: reply.assign(header.begin(), header.end()); break;
            case MacStatus::ok: reply = signed_packet(h); break;
            default: reply = append_crypto_nak(header); break;  // what ntpd 4.2 answers
        }
        if (socket_.send_to(reply, d.from)) ++answered_;
        if (opt_.verbose) {
            std::printf("mode 3 from %s (%zu bytes) answered with %zu bytes\n",
                        to_string(d.from.sin_addr).c_str(), d.bytes.size(), reply.size());
        }
    }

    Options opt_;
    KeyRing keys_;
    in_addr address_;
    sockaddr_in group_;
    UdpSocket socket_;
    unsigned long sent_ = 0;
    unsigned long answered_ = 0;
};

}  // namespace
}  // namespace ntplab

int main(int argc, char** argv) {
    ntplab::Options o;
    CLI::App app{
        "mcastsim-server: a SIMULATED ntpd 4.2 multicast server for the ntpscope lab.\n"
        "NTPsec, which the lab uses elsewhere, has no broadcast or multicast modes, so this\n"
        "program puts the seed's traffic on the wire: every --interval seconds a mode-5 packet\n"
        "with an MD5 MAC (68 bytes) to the group on port 123, and a mode-4 reply to every\n"
        "mode-3 request (signed with the server's key when the request's MAC verifies, a\n"
        "crypto-NAK when it does not). It never reads or sets the clock beyond clock_gettime."};
    app.add_option("--address", o.address, "this server's interface address (binds ADDR:123)")->required();
    app.add_option("--group", o.group, "multicast group")->capture_default_str();
    app.add_option("--keys", o.keys_file, "ntp.keys file (ID MD5 SECRET)")->required()->check(CLI::ExistingFile);
    app.add_option("--key-id", o.key_id, "the key this server signs with")->required();
    app.add_option("--interval", o.interval, "seconds between multicast packets (ntpd: 64)")
        ->capture_default_str()->check(CLI::Range(0.1, 3600.0));
    app.add_option("--stratum", o.stratum, "stratum to advertise")->capture_default_str()->check(CLI::Range(1, 15));
    app.add_option("--poll", o.poll, "poll exponent in mode-5 packets")->capture_default_str()->check(CLI::Range(3, 17));
    app.add_flag("-v,--verbose", o.verbose, "print every packet");
    CLI11_PARSE(app, argc, argv);
    return ntplab::run_program("mcastsim-server", [&] {
        ntplab::Server server(o, ntplab::KeyRing::load(o.keys_file));
        std::printf("mcastsim-server %s: key %u, mode 5 to %s every %.1f s\n", o.address.c_str(),
                    o.key_id, o.group.c_str(), o.interval);
        return server.run();
    });
}
