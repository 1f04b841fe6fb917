#include "bench/synthetic_fleet.hpp"

#include <algorithm>
#include <cerrno>
#include <random>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "bench/synthetic_calls.hpp"
#include "core/trace/trace_writer.hpp"

namespace ntpscope::bench {

namespace {

constexpr int64_t kSecond = 1'000'000'000;
constexpr uint32_t kPid = 700;
constexpr uint16_t kNtpPort = 123;
constexpr uint32_t kGroup = 0xe0000101u;  // 224.0.1.1
constexpr uint32_t kServers[] = {0x0a01000bu, 0x0a01000cu, 0x0a010033u, 0x0a010034u};  // s11 s12 s51 s52
constexpr uint32_t kStuckServer = 0x0a010033u;  // s51, as in the seed
constexpr int kMulticastPoll = 6;
constexpr int kStuckPoll = 10;

// One host's events, made in any order and sorted before they are written.
class MulticastClient {
public:
    explicit MulticastClient(const FleetHostOptions& o)
        : o_(o), random_(o.index + 1), end_(o.start_ns + static_cast<int64_t>(o.hours * 3600 * kSecond)) {
        iface_fd_ = 17 + static_cast<int32_t>(o.index % 5);
        group_fd_ = 23 + static_cast<int32_t>(o.index % 3);
        iface_ = inet_socket(0x0a010100u + 20 + o.index, kNtpPort, 50000 + 2 * uint64_t{o.index});
        group_ = inet_socket(kGroup, kNtpPort, 50001 + 2 * uint64_t{o.index});
        header_.source = "ebpf";
        header_.tool = "ntpscope bench";
        header_.host = fmt::format("client-{:04}", o.index);
        header_.kernel = "6.1.0-bench";
        header_.start = o.start_ns;
        header_.snaplen = 1024;
        header_.targets.push_back(TargetInfo{kPid, "ntpd", "/usr/sbin/ntpd", "/usr/sbin/ntpd -g", 4026531840, ""});
        header_.sockets.push_back(SocketEntry{kPid, 16, inet_socket(0, kNtpPort, 49999)});
        header_.sockets.push_back(SocketEntry{kPid, iface_fd_, iface_});
        header_.sockets.push_back(SocketEntry{kPid, group_fd_, group_});
    }

    uint64_t write(std::FILE* out) {
        for (uint32_t server : kServers) {
            hear(server);
            if (o_.restarted)
                for (int i = 0; i < 8; ++i) exchange(server, o_.start_ns + (40 + 2 * i) * kSecond + jitter(kSecond / 20), kMulticastPoll);
        }
        if (o_.stuck)
            for (int64_t t = o_.start_ns + 300 * kSecond; t < end_; t += (int64_t{1} << kStuckPoll) * kSecond + jitter(5 * kSecond))
                exchange(kStuckServer, t, kStuckPoll);
        for (int64_t t = o_.start_ns + 30 * kSecond; t < end_; t += 64 * kSecond + jitter(kSecond)) adjust(t);
        std::sort(events_.begin(), events_.end(), [](const Event& a, const Event& b) { return a.t < b.t; });

        trace::TraceWriter writer(out);
        writer.write_header(header_);
        for (const Event& e : events_) writer.write_event(e);
        writer.write_footer({end_, events_.size(), 0});
        writer.flush();
        return events_.size();
    }

private:
    int64_t jitter(int64_t max_ns) { return std::uniform_int_distribution<int64_t>(-max_ns, max_ns)(random_); }

    Event& add(Syscall call, int64_t t, int32_t fd, const SockInfo& sock, int64_t ret) {
        Event& e = events_.emplace_back();
        e.t = t;
        e.pid = e.tid = kPid;
        e.comm = "ntpd";
        e.syscall = call;
        e.fd = fd;
        e.sock = sock;
        e.ret = ret;
        e.err = ret < 0 ? static_cast<int32_t>(-ret) : 0;
        return e;
    }
    void datagram(Syscall call, int64_t t, int32_t fd, const SockInfo& sock, uint32_t peer) {
        Event& e = add(call, t, fd, sock, kNtpLen);
        e.addr = SockAddr::v4(peer, kNtpPort);
        e.len = kNtpLen;
    }

    // The server's mode-5 packets every ~64 s, each read on the group socket, then the EAGAIN.
    void hear(uint32_t server) {
        for (int64_t t = o_.start_ns + (server % 64) * kSecond; t < end_; t += 64 * kSecond + jitter(kSecond)) {
            const int64_t rx = t + 250'000;
            datagram(Syscall::recvmsg, rx + 8'000, group_fd_, group_, server);
            Event& e = events_.back();
            e.rx_time = rx;
            e.dst = group_.local.without_port();
            broadcast_packet(e.data, kMulticastPoll, 0xc0a80001u, t - 30 * kSecond, t);
            add(Syscall::recvmsg, rx + 30'000, group_fd_, group_, -EAGAIN);
        }
    }

    // A request from the interface socket, the server's reply and the EAGAIN read.
    void exchange(uint32_t server, int64_t t1, int poll) {
        datagram(Syscall::sendto, t1, iface_fd_, iface_, server);
        client_packet(events_.back().data, poll, t1);
        const int64_t t4 = t1 + 500'000;
        datagram(Syscall::recvmsg, t4 + 8'000, iface_fd_, iface_, server);
        Event& reply = events_.back();
        reply.rx_time = t4;
        reply.dst = iface_.local.without_port();
        server_packet(reply.data, poll, 0xc0a80001u, t1 - 30 * kSecond, timestamp_raw(t1), t1 + 250'000, t1 + 260'000);
        add(Syscall::recvmsg, t4 + 30'000, iface_fd_, iface_, -EAGAIN);
    }

    void adjust(int64_t t) {
        Event& e = events_.emplace_back();
        e.t = t;
        e.pid = e.tid = kPid;
        e.comm = "ntpd";
        e.syscall = Syscall::clock_adjtime;
        e.clock = 0;  // CLOCK_REALTIME
        e.timex = ntpd_timex(t, jitter(2'000'000), kMulticastPoll);
    }

    FleetHostOptions o_;
    std::mt19937_64 random_;
    int64_t end_;
    int32_t iface_fd_;
    int32_t group_fd_;
    SockInfo iface_;
    SockInfo group_;
    TraceHeader header_;
    std::vector<Event> events_;
};

}  // namespace

uint64_t write_multicast_client(const FleetHostOptions& options, std::FILE* out) {
    return MulticastClient(options).write(out);
}

}  // namespace ntpscope::bench
