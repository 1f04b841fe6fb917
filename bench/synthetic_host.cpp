#include "bench/synthetic_host.hpp"

#include <sys/socket.h>

#include <algorithm>
#include <array>
#include <cerrno>

#include "bench/synthetic_calls.hpp"
#include "core/ntp/packet.hpp"
#include "core/trace/trace_writer.hpp"

namespace ntpscope::bench {

namespace {

constexpr uint32_t kPid = 812;
constexpr int32_t kNtpFd = 18;
constexpr int32_t kNetlinkFd = 19;
constexpr uint16_t kNtpPort = 123;
constexpr int kRoundsPerNetlinkRead = 16;

SockAddr peer_address(int peer) { return SockAddr::v4(0x0a000101u + static_cast<uint32_t>(peer), kNtpPort); }

// Clients from 10.64.0.1 up, half of them on ephemeral ports like chronyd's.
SockAddr client_address(uint32_t client) {
    const auto port = static_cast<uint16_t>(client % 2 == 0 ? kNtpPort : 32768 + client % 28000);
    return SockAddr::v4(0x0a400001u + client, port);
}

}  // namespace

SyntheticHost::SyntheticHost(SyntheticOptions options)
    : options_(options), random_(options.seed), now_(options.start_ns) {
    ntp_socket_ = inet_socket(0x0a000002u, kNtpPort, 41002);
    netlink_socket_.family = AF_NETLINK;
    netlink_socket_.type = SOCK_RAW;
    netlink_socket_.id = 41003;

    header_.source = "ebpf";
    header_.tool = "ntpscope bench";
    header_.host = options.clients > 0 ? "bench-server" : "bench-client";
    header_.kernel = "6.1.0-bench";
    header_.boot_id = "00000000-0000-4000-8000-000000000000";
    header_.start = options.start_ns;
    header_.start_mono = 1'000'000'000'000;
    header_.snaplen = 1024;
    header_.targets.push_back(
        TargetInfo{kPid, "ntpd", "/usr/sbin/ntpd", "/usr/sbin/ntpd -p /run/ntpd.pid -g -u ntpsec:ntpsec", 4026531840, ""});
    header_.sockets.push_back(SocketEntry{kPid, 16, inet_socket(0, kNtpPort, 41000)});
    header_.sockets.push_back(SocketEntry{kPid, 17, inet_socket(0x7f000001u, kNtpPort, 41001)});
    header_.sockets.push_back(SocketEntry{kPid, kNtpFd, ntp_socket_});
    header_.sockets.push_back(SocketEntry{kPid, kNetlinkFd, netlink_socket_});
}

void SyntheticHost::fill_common(Event& out, Syscall call, int32_t fd, int64_t ret) {
    out.t = now_;
    out.mono = now_ - options_.start_ns + header_.start_mono;
    out.pid = kPid;
    out.tid = kPid;
    out.comm.assign("ntpd");
    out.syscall = call;
    out.fd = fd;
    out.ret = ret;
    out.err = ret < 0 ? static_cast<int32_t>(-ret) : 0;
    out.sock.reset();
    out.addr.reset();
    out.dst.reset();
    out.rx_time.reset();
    out.len = 0;
    out.data.clear();
    out.msg_index = 0;
    out.omitted = 0;
    out.clock.reset();
    out.timex.reset();
    out.set_time.reset();
    out.opt.reset();
}

void SyntheticHost::send_request(Event& out, int peer) {
    fill_common(out, Syscall::sendto, kNtpFd, kNtpLen);
    out.sock = ntp_socket_;
    out.addr = peer_address(peer);
    out.len = kNtpLen;
    client_packet(out.data, options_.poll_log2, now_);
    request_transmit_ = timestamp_raw(now_);
}

void SyntheticHost::read_reply(Event& out, int peer) {
    std::uniform_int_distribution<int64_t> delay_ns(200'000, 30'000'000);
    std::uniform_int_distribution<int64_t> offset_ns(-5'000'000, 5'000'000);
    const int64_t t1 = now_;
    const int64_t delay = delay_ns(random_);
    const int64_t t2 = t1 + delay / 2 + offset_ns(random_);
    const int64_t t3 = t2 + 20'000;
    const int64_t t4 = t1 + delay + 20'000;
    now_ = t4 + 8'000;  // the daemon wakes a few microseconds after the packet lands

    fill_common(out, Syscall::recvmsg, kNtpFd, kNtpLen);
    out.sock = ntp_socket_;
    out.addr = peer_address(peer);
    out.dst = ntp_socket_.local.without_port();
    out.rx_time = t4;
    out.len = kNtpLen;
    server_packet(out.data, options_.poll_log2, 0xc0a80001u + static_cast<uint32_t>(peer), t1 - 30'000'000'000,
                  request_transmit_, t2, t3);
}

void SyntheticHost::read_eagain(Event& out) {
    now_ += 3'000;
    fill_common(out, Syscall::recvmsg, kNtpFd, -EAGAIN);
    out.sock = ntp_socket_;
}

void SyntheticHost::adjust_clock(Event& out) {
    std::uniform_int_distribution<int64_t> offset_ns(-2'000'000, 2'000'000);
    now_ += 50'000;
    fill_common(out, Syscall::clock_adjtime, -1, 0);  // TIME_OK
    out.clock = 0;                                   // CLOCK_REALTIME
    out.timex = ntpd_timex(now_, offset_ns(random_), options_.poll_log2);
}

void SyntheticHost::read_netlink(Event& out) {
    constexpr size_t kNetlinkLen = 32;
    now_ += 1'000'000;
    fill_common(out, Syscall::recvmsg, kNetlinkFd, kNetlinkLen);
    out.sock = netlink_socket_;
    out.len = kNetlinkLen;
    out.data.assign(kNetlinkLen, 0);
    out.data[0] = kNetlinkLen;
    out.data[4] = 16;  // RTM_NEWLINK
}

void SyntheticHost::read_request(Event& out, uint32_t client) {
    std::uniform_int_distribution<int64_t> offset_ns(-5'000'000, 5'000'000);
    const int64_t client_clock = now_ + offset_ns(random_);
    fill_common(out, Syscall::recvmsg, kNtpFd, kNtpLen);
    out.sock = ntp_socket_;
    out.addr = client_address(client);
    out.dst = ntp_socket_.local.without_port();
    out.rx_time = now_ - 8'000;
    out.len = kNtpLen;
    client_packet(out.data, options_.poll_log2, client_clock);
    request_transmit_ = timestamp_raw(client_clock);
}

void SyntheticHost::send_reply(Event& out, uint32_t client) {
    const int64_t t2 = now_ - 8'000;
    now_ += 20'000;
    fill_common(out, Syscall::sendto, kNtpFd, kNtpLen);
    out.sock = ntp_socket_;
    out.addr = client_address(client);
    out.len = kNtpLen;
    server_packet(out.data, options_.poll_log2, 0xc0a80001u, t2 - 30'000'000'000, request_transmit_, t2, now_);
}

void SyntheticHost::next(Event& out) {
    if (options_.clients > 0) next_as_server(out);
    else next_as_client(out);
}

// Each client polls once per interval: requests arrive evenly spread over it, clients in turn.
void SyntheticHost::next_as_server(Event& out) {
    switch (step_) {
    case 0:
        read_request(out, client_);
        break;
    case 1:
        send_reply(out, client_);
        break;
    default:
        read_eagain(out);
        break;
    }
    if (++step_ < 3) return;
    step_ = 0;
    client_ = (client_ + 1) % options_.clients;
    const int64_t spacing = std::max<int64_t>((int64_t{1'000'000'000} << options_.poll_log2) / options_.clients, 40'000);
    std::uniform_int_distribution<int64_t> jitter_ns(0, spacing / 8);
    now_ += spacing - spacing / 16 + jitter_ns(random_);
}

// One exchange per peer per poll interval, spread evenly over it; the clock is adjusted after
// each round and the interface watcher reads its netlink socket every few rounds.
void SyntheticHost::next_as_client(Event& out) {
    switch (step_) {
    case 0:
        send_request(out, peer_);
        break;
    case 1:
        read_reply(out, peer_);
        break;
    case 2:
        read_eagain(out);
        break;
    case 3:
        adjust_clock(out);
        break;
    default:
        read_netlink(out);
        break;
    }
    const bool round_ends = peer_ + 1 == options_.peers;
    const int last_step = !round_ends ? 2 : (exchanges_ / options_.peers) % kRoundsPerNetlinkRead == 0 ? 4 : 3;
    if (step_ < last_step) {
        ++step_;
        return;
    }
    step_ = 0;
    ++exchanges_;
    peer_ = round_ends ? 0 : peer_ + 1;
    const int64_t spacing = (int64_t{1'000'000'000} << options_.poll_log2) / options_.peers;
    std::uniform_int_distribution<int64_t> jitter_ns(0, spacing / 8);
    now_ += spacing - spacing / 16 + jitter_ns(random_);
}

void write_synthetic_trace(const SyntheticOptions& options, uint64_t events, std::FILE* out) {
    SyntheticHost host(options);
    trace::TraceWriter writer(out);
    Event event;
    writer.write_header(host.header());
    for (uint64_t i = 0; i < events; ++i) {
        host.next(event);
        writer.write_event(event);
    }
    writer.write_footer({event.t + 1'000'000, events, 0});
    writer.flush();
}

}  // namespace ntpscope::bench
