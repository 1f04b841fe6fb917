#include "scenarios.hpp"

#include <sys/timex.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <memory>
#include <stdexcept>

#include "core/analysis/host_analyzer.hpp"
#include "core/trace/trace_writer.hpp"

namespace ntpscope::diff::test {

using analysis::test::eagain;
using analysis::test::PacketBuilder;
using analysis::test::receive_from;
using analysis::test::Reply;
using analysis::test::send_to;
using analysis::test::ts;
using analysis::test::udp;
using analysis::test::v4;

namespace {

constexpr int64_t kUs = 1000;
const SockAddr kGroup = v4("224.0.1.1:123");

SockAddr server_address(const char* ip) { return *SockAddr::parse(std::string(ip) + ":123"); }

}  // namespace

void HostTrace::sort() {
    std::stable_sort(events.begin(), events.end(), [](const Event& a, const Event& b) { return a.t < b.t; });
}

analysis::HostModel HostTrace::analyze() const {
    analysis::HostAnalyzer analyzer;
    analyzer.on_header(header);
    for (const Event& e : events) analyzer.on_event(e);
    analyzer.on_footer(TraceFooter{.end = end, .events = events.size(), .lost = 0});
    return analyzer.finish();
}

void HostTrace::write(const std::string& path) const {
    std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(path.c_str(), "w"), &std::fclose);
    if (!file) throw std::runtime_error("cannot write " + path);
    trace::TraceWriter writer(file.get());
    writer.write_header(header);
    for (const Event& e : events) writer.write_event(e);
    writer.write_footer(TraceFooter{.end = end, .events = events.size(), .lost = 0});
    writer.flush();
}

NtpdClient::NtpdClient(std::string host, const char* iface_addr, int32_t iface_fd, int32_t group_fd,
                       int64_t start, int64_t duration, uint32_t seed)
    : iface_(udp(v4(iface_addr), {}, 9000 + static_cast<uint64_t>(iface_fd))),
      group_(udp(kGroup, {}, 9100 + static_cast<uint64_t>(group_fd))),
      iface_fd_(iface_fd),
      group_fd_(group_fd),
      start_(start),
      seed_(seed) {
    trace_.header.source = "ebpf";
    trace_.header.tool = "ntpscope test";
    trace_.header.host = std::move(host);
    trace_.header.kernel = "6.1.0-test";
    trace_.header.start = start;
    TargetInfo ntpd;
    ntpd.pid = 100;
    ntpd.comm = "ntpd";
    ntpd.exe = "/usr/sbin/ntpd";
    trace_.header.targets = {ntpd};
    trace_.end = start + duration;
}

int64_t NtpdClient::jitter(int64_t max_ns) {
    seed_ = seed_ * 1664525u + 1013904223u;  // LCG: repeatable noise
    const double unit = static_cast<double>(seed_ >> 8) / static_cast<double>(1u << 24);  // [0, 1)
    return static_cast<int64_t>((2 * unit - 1) * static_cast<double>(max_ns));
}

void NtpdClient::exchange(const SockAddr& server, int64_t t1, int8_t poll, const ServerBehaviour& b,
                          uint32_t n) {
    PacketBuilder request = PacketBuilder().mode(3).stratum(2).poll(poll).transmit(ts(t1));
    if (b.key) request.mac(*b.key, 16);
    if (b.from_group_socket) trace_.events.push_back(send_to(t1, group_fd_, group_, server, request.bytes()));
    else trace_.events.push_back(send_to(t1, iface_fd_, iface_, server, request.bytes()));
    if (!b.answers) return;

    Reply r;  // a LAN: 250 us each way
    r.t1 = t1;
    r.server_offset = jitter(300 * kUs);
    r.delay_out = r.delay_back = 250 * kUs;
    r.poll = poll;
    PacketBuilder reply = r.packet();
    if (b.kiss && n % b.kiss_every == 0) reply.stratum(0).refid(*b.kiss);
    if (b.key) b.crypto_nak ? reply.mac(0, 0) : reply.mac(*b.key, 16);
    trace_.events.push_back(receive_from(r.t4(), iface_fd_, iface_, server, reply.bytes(), r.t4()));
    trace_.events.push_back(eagain(r.t4() + 20 * kUs, iface_fd_, iface_));
}

void NtpdClient::polls(const char* ip, const ServerBehaviour& behaviour) {
    const SockAddr server = server_address(ip);
    const auto interval = static_cast<int64_t>(std::ldexp(1.0, behaviour.poll) * 1e9);
    uint32_t n = 0;
    for (int64_t t = start_ + interval * 3 / 4 + jitter(interval / 8); t < trace_.end - kSecond;
         t += interval + jitter(interval / 30))
        exchange(server, t, behaviour.poll, behaviour, ++n);
}

void NtpdClient::volley(const char* ip, int64_t t) {
    const SockAddr server = server_address(ip);
    for (uint32_t i = 0; i < 8; ++i) exchange(server, t + i * 2 * kSecond + jitter(50 * kMs), 6, {}, i + 1);
}

void NtpdClient::hears_multicast(const char* ip) {
    const SockAddr server = server_address(ip);
    const uint32_t key = server.ip[3] % 4 + 1;  // the seed's servers each sign with their own key
    for (int64_t t = start_ + 20 * kSecond + jitter(15 * kSecond); t < trace_.end - kSecond;
         t += 64 * kSecond + jitter(2 * kSecond)) {
        const auto bytes =
            PacketBuilder().mode(5).stratum(2).poll(6).refid(0x0a010001).transmit(ts(t)).mac(key, 16).bytes();
        const int64_t rx = t + 250 * kUs;
        trace_.events.push_back(receive_from(rx, group_fd_, group_, server, bytes, rx));
        trace_.events.push_back(eagain(rx + 20 * kUs, group_fd_, group_));
    }
}

void NtpdClient::disciplines(double offset) {
    for (int64_t t = start_ + 30 * kSecond + jitter(10 * kSecond); t < trace_.end;
         t += 64 * kSecond + jitter(kSecond)) {
        Timex timex;
        timex.modes = ADJ_OFFSET | ADJ_STATUS | ADJ_NANO;
        timex.status = STA_PLL | STA_NANO;
        timex.offset = static_cast<int64_t>(offset * 1e9) + jitter(100 * kUs);
        timex.freq = static_cast<int64_t>(12.5 * 65536);
        Event e = analysis::test::clock_adjtime(t, timex);
        e.pid = 100;
        e.comm = "ntpd";
        trace_.events.push_back(e);
    }
}

void NtpdClient::steps_clock(int64_t t, double amount) {
    Event e;
    e.t = t;
    e.pid = 100;
    e.comm = "ntpd";
    e.syscall = Syscall::clock_settime;
    e.clock = CLOCK_REALTIME;
    e.set_time = t + static_cast<int64_t>(amount * 1e9);
    trace_.events.push_back(e);
}

void NtpdClient::second_discipline_tries(int32_t pid, const char* comm) {
    Event e;
    e.pid = pid;
    e.comm = comm;
    e.via = Via::libc;
    e.ret = -EPERM;
    e.err = EPERM;
    e.clock = CLOCK_REALTIME;
    for (int64_t t = start_ + 5 * kSecond; t < trace_.end; t += 32 * kSecond) {
        e.t = t;
        e.syscall = Syscall::clock_adjtime;
        e.timex = Timex{};
        e.timex->modes = ADJ_FREQUENCY | ADJ_OFFSET;
        trace_.events.push_back(e);
    }
    e.t = start_ + 7 * kSecond;
    e.syscall = Syscall::settimeofday;
    e.timex.reset();
    e.clock.reset();
    e.set_time = e.t + 2 * kSecond;
    trace_.events.push_back(e);
}

HostTrace NtpdClient::trace() {
    trace_.sort();
    return trace_;
}

namespace {

constexpr const char* kUnicastServers[] = {"10.0.0.5", "10.0.0.6", "10.0.0.7", "10.0.0.8", "10.0.0.9"};

// The good host restarted ntpd an hour ago (iburst volley); the bad host was recorded longer,
// later in the day, on other fds and another address. `tweak` says how the servers treat it.
HostPair unicast_pair(ServerBehaviour (*tweak)(const char* server),
                      void (*extra_bad)(NtpdClient&) = nullptr) {
    NtpdClient good("good-client", "10.0.0.2:123", 22, 23, kStart, 1 * kHour, 1);
    NtpdClient bad("bad-client", "10.0.0.3:123", 17, 19, kStart + 7 * kHour + 13 * kMinute, 3 * kHour, 2);
    for (const char* server : kUnicastServers) {
        good.volley(server, good.start() + kSecond);
        good.polls(server);
        bad.polls(server, tweak ? tweak(server) : ServerBehaviour{});
    }
    good.disciplines();
    bad.disciplines();
    if (extra_bad) extra_bad(bad);
    return {good.trace(), bad.trace()};
}

bool is(const char* server, const char* ip) { return std::string_view(server) == ip; }

ServerBehaviour signed_with(uint32_t key) {
    ServerBehaviour b;
    b.key = key;
    return b;
}

// Multicast clients of the four servers: the good host restarted (a volley to each server),
// the bad host recorded later and longer; `extra_bad` adds the bad host's fault.
HostPair multicast_pair(int64_t good_duration, int64_t bad_start, int64_t bad_duration, uint32_t seed,
                        void (*extra_bad)(NtpdClient&) = nullptr) {
    NtpdClient good("good-client", "10.1.1.20:123", 22, 23, kStart, good_duration, seed);
    NtpdClient bad("bad-client", "10.1.1.30:123", 19, 21, kStart + bad_start, bad_duration, seed + 1);
    for (const char* server : kMulticastServers) {
        good.hears_multicast(server);
        good.volley(server, good.start() + 40 * kSecond);
        bad.hears_multicast(server);
    }
    good.disciplines();
    bad.disciplines();
    if (extra_bad) extra_bad(bad);
    return {good.trace(), bad.trace()};
}

}  // namespace

HostPair seed_stuck_multicast() {
    return multicast_pair(2 * kHour, 5 * kHour, 3 * kHour, 3, [](NtpdClient& bad) {
        ServerBehaviour stuck;
        stuck.poll = 10;
        stuck.from_group_socket = true;
        bad.polls(kS51, stuck);
    });
}

HostPair server_line_for_multicast_server() {
    return multicast_pair(2 * kHour, 5 * kHour, 3 * kHour, 5, [](NtpdClient& bad) { bad.polls(kS51); });
}

HostPair kod_rate() {
    return unicast_pair([](const char* s) {
        ServerBehaviour b;
        if (is(s, "10.0.0.7")) b.kiss = "RATE", b.kiss_every = 2;
        return b;
    });
}

HostPair lost_replies() {
    return unicast_pair([](const char* s) {
        ServerBehaviour b;
        b.answers = !is(s, "10.0.0.8");
        return b;
    });
}

// Both hosts sign their requests to 10.0.0.9 with key 1 and get answers, except that the
// server treats the bad host as `bad_side` says.
HostPair signed_pair(const ServerBehaviour& bad_side, uint32_t seed) {
    NtpdClient good("good-client", "10.0.0.2:123", 22, 23, kStart, 2 * kHour, seed);
    NtpdClient bad("bad-client", "10.0.0.3:123", 18, 20, kStart + 2 * kHour, 2 * kHour, seed + 1);
    good.polls("10.0.0.9", signed_with(1));
    bad.polls("10.0.0.9", bad_side);
    for (const char* server : {"10.0.0.5", "10.0.0.6"}) {
        good.polls(server);
        bad.polls(server);
    }
    good.disciplines();
    bad.disciplines();
    return {good.trace(), bad.trace()};
}

HostPair crypto_nak() {
    ServerBehaviour nak = signed_with(1);
    nak.crypto_nak = true;
    return signed_pair(nak, 5);
}

HostPair wrong_key() {
    ServerBehaviour ignored = signed_with(2);
    ignored.answers = false;
    return signed_pair(ignored, 7);
}

HostPair clock_step() {
    return unicast_pair(nullptr, [](NtpdClient& bad) { bad.steps_clock(bad.start() + 20 * kMinute, 0.9); });
}

HostPair second_clock_discipline() {
    return unicast_pair(nullptr, [](NtpdClient& bad) {
        bad.disciplines();
        bad.second_discipline_tries();
    });
}

HostPair refused_clock_disciplines() {
    HostPair hosts = unicast_pair(nullptr, [](NtpdClient& bad) { bad.second_discipline_tries(); });
    for (Event& e : hosts.bad.events) {
        if (e.syscall != Syscall::clock_adjtime || e.failed()) continue;
        e.ret = -EPERM;  // the daemon too lacks CAP_SYS_TIME
        e.err = EPERM;
    }
    return hosts;
}

HostPair healthy_unicast() { return unicast_pair(nullptr); }

HostPair healthy_multicast() { return multicast_pair(90 * kMinute, 9 * kHour, 4 * kHour, 9); }

}  // namespace ntpscope::diff::test
