// Test-only builders of the events a daemon's trace holds, with real NTP packets in them, so
// analysis tests can play a host's life into a HostAnalyzer event by event.
#pragma once

#include <sys/socket.h>
#include <sys/timex.h>

#include <cerrno>
#include <cstdint>
#include <optional>
#include <vector>

#include "../ntp/packet_builder.hpp"
#include "core/analysis/host_analyzer.hpp"
#include "core/model/event.hpp"
#include "core/ntp/packet.hpp"

namespace ntpscope::analysis::test {

using ntp::test::PacketBuilder;

inline constexpr int64_t kSecond = 1'000'000'000;
inline constexpr int64_t kMs = 1'000'000;
inline constexpr int64_t kUs = 1'000;
// 2026-11-26 12:00:00 UTC: a realistic wall clock, so NTP eras resolve as in a real trace.
inline constexpr int64_t kStart = 1'795'694'400 * kSecond;

inline SockAddr v4(const char* text) { return *SockAddr::parse(text); }

inline ntp::Timestamp ts(int64_t unix_ns) { return ntp::Timestamp::from_unix_ns(unix_ns); }

inline SockInfo udp(const SockAddr& local, const SockAddr& remote = {}, uint64_t id = 0) {
    SockInfo s;
    s.family = AF_INET;
    s.type = SOCK_DGRAM;
    s.local = local;
    s.remote = remote;
    s.id = id;
    return s;
}

inline Event datagram(Syscall call, int64_t t, int32_t fd, const SockInfo& sock,
                      std::optional<SockAddr> addr, const std::vector<uint8_t>& bytes) {
    Event e;
    e.t = t;
    e.pid = 100;
    e.tid = 100;
    e.comm = "ntpd";
    e.syscall = call;
    e.fd = fd;
    e.sock = sock;
    e.addr = addr;
    e.len = static_cast<uint32_t>(bytes.size());
    e.ret = e.len;
    e.data = bytes;
    return e;
}

inline Event send_to(int64_t t, int32_t fd, const SockInfo& sock, const SockAddr& to,
                     const std::vector<uint8_t>& bytes) {
    return datagram(Syscall::sendto, t, fd, sock, to, bytes);
}

inline Event receive_from(int64_t t, int32_t fd, const SockInfo& sock, const SockAddr& from,
                          const std::vector<uint8_t>& bytes,
                          std::optional<int64_t> rx_time = std::nullopt) {
    Event e = datagram(Syscall::recvmsg, t, fd, sock, from, bytes);
    e.rx_time = rx_time;
    return e;
}

inline Event eagain(int64_t t, int32_t fd, const SockInfo& sock) {
    Event e = datagram(Syscall::recvmsg, t, fd, sock, std::nullopt, {});
    e.ret = -1;
    e.err = EAGAIN;
    return e;
}

inline Event clock_adjtime(int64_t t, const Timex& timex, int64_t state = TIME_OK) {
    Event e;
    e.t = t;
    e.syscall = Syscall::clock_adjtime;
    e.clock = CLOCK_REALTIME;
    e.timex = timex;
    e.ret = state;
    return e;
}

// A client request as ntpd sends it: the transmit timestamp is the send time.
inline std::vector<uint8_t> request(int64_t t1, int8_t poll = 6) {
    return PacketBuilder().mode(3).stratum(0).poll(poll).transmit(ts(t1)).bytes();
}

// A server's reply to a request sent at t1, with the server's own clock `server_offset` ahead.
struct Reply {
    int64_t t1 = 0;
    int64_t server_offset = 0;
    int64_t delay_out = 10 * kMs;
    int64_t delay_back = 10 * kMs;
    int64_t processing = 1 * kMs;
    int8_t poll = 6;
    uint8_t stratum = 1;

    int64_t t2() const { return t1 + delay_out + server_offset; }
    int64_t t3() const { return t2() + processing; }
    int64_t t4() const { return t1 + delay_out + processing + delay_back; }  // client clock
    PacketBuilder packet() const {
        return PacketBuilder()
            .mode(4)
            .stratum(stratum)
            .poll(poll)
            .refid("GPS")
            .origin(ts(t1))
            .receive(ts(t2()))
            .transmit(ts(t3()));
    }
};

// A host with an interface socket polling servers the way ntpd does.
struct NtpdHost {
    SockInfo iface = udp(v4("10.0.0.2:123"), {}, 22);
    int32_t iface_fd = 22;
    HostAnalyzer analyzer;
    uint64_t events = 0;

    void feed(const Event& e) {
        ++events;
        analyzer.on_event(e);
    }

    // Sends a request at t1; when `answered`, the reply arrives (read with recvmsg, kernel
    // receive timestamp attached) followed by an EAGAIN read.
    void poll(const SockAddr& server, int64_t t1, bool answered = true, int8_t poll_field = 6) {
        feed(send_to(t1, iface_fd, iface, server, request(t1, poll_field)));
        if (!answered) return;
        Reply r{.t1 = t1, .poll = poll_field};
        feed(receive_from(r.t4(), iface_fd, iface, server, r.packet().bytes(), r.t4()));
        feed(eagain(r.t4(), iface_fd, iface));
    }

    // Footer at `end` with the right event count, then the model.
    HostModel finish(int64_t end, uint64_t lost = 0) {
        analyzer.on_footer(TraceFooter{.end = end, .events = events, .lost = lost});
        return analyzer.finish();
    }
};

}  // namespace ntpscope::analysis::test
