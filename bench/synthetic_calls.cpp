#include "bench/synthetic_calls.hpp"

#include <sys/socket.h>

#include <algorithm>

#include "core/ntp/packet.hpp"

namespace ntpscope::bench {

namespace {

// ntp_adjtime's modes in ntpd's kernel discipline: offset, max/est error, status, constant, nano.
constexpr uint32_t kNtpdModes = 0x0001 | 0x0004 | 0x0008 | 0x0010 | 0x0020 | 0x2000;
constexpr int32_t kStaPllNano = 0x0001 | 0x2000;

void put_be32(std::vector<uint8_t>& b, size_t at, uint32_t v) {
    b[at] = static_cast<uint8_t>(v >> 24);
    b[at + 1] = static_cast<uint8_t>(v >> 16);
    b[at + 2] = static_cast<uint8_t>(v >> 8);
    b[at + 3] = static_cast<uint8_t>(v);
}

void put_timestamp(std::vector<uint8_t>& b, size_t at, int64_t unix_ns) {
    const ntp::Timestamp ts = ntp::Timestamp::from_unix_ns(unix_ns);
    put_be32(b, at, ts.seconds);
    put_be32(b, at + 4, ts.fraction);
}

}  // namespace

uint64_t timestamp_raw(int64_t unix_ns) { return ntp::Timestamp::from_unix_ns(unix_ns).raw(); }

void client_packet(std::vector<uint8_t>& b, int poll_log2, int64_t transmit_ns) {
    b.assign(kNtpLen, 0);
    b[0] = (4 << 3) | 3;
    b[2] = static_cast<uint8_t>(poll_log2);
    b[3] = 0xe9;  // precision -23
    put_timestamp(b, 40, transmit_ns);
}

void server_packet(std::vector<uint8_t>& b, int poll_log2, uint32_t upstream, int64_t reference_ns, uint64_t origin,
                   int64_t receive_ns, int64_t transmit_ns) {
    b.assign(kNtpLen, 0);
    b[0] = (4 << 3) | 4;
    b[1] = 2;
    b[2] = static_cast<uint8_t>(poll_log2);
    b[3] = 0xe8;
    put_be32(b, 4, 0x00000290);  // root delay 10 ms
    put_be32(b, 8, 0x00000450);  // root dispersion 17 ms
    put_be32(b, 12, upstream);   // reference id: the upstream's address
    put_timestamp(b, 16, reference_ns);
    put_be32(b, 24, static_cast<uint32_t>(origin >> 32));
    put_be32(b, 28, static_cast<uint32_t>(origin));
    put_timestamp(b, 32, receive_ns);
    put_timestamp(b, 40, transmit_ns);
}

void broadcast_packet(std::vector<uint8_t>& b, int poll_log2, uint32_t upstream, int64_t reference_ns,
                      int64_t transmit_ns) {
    server_packet(b, poll_log2, upstream, reference_ns, 0, 0, transmit_ns);
    b[0] = (4 << 3) | 5;
    std::fill(b.begin() + 32, b.begin() + 40, 0);  // no receive time: nothing was received
}

SockInfo inet_socket(uint32_t ip, uint16_t port, uint64_t inode) {
    SockInfo s;
    s.family = AF_INET;
    s.type = SOCK_DGRAM;
    s.local = SockAddr::v4(ip, port);
    s.id = inode;
    return s;
}

Timex ntpd_timex(int64_t now_ns, int64_t offset_ns, int poll_log2) {
    Timex tx;
    tx.modes = kNtpdModes;
    tx.offset = offset_ns;
    tx.freq = -1'234'567;
    tx.maxerror = 16'000;
    tx.esterror = 300;
    tx.status = kStaPllNano;
    tx.constant = poll_log2 - 4;
    tx.precision = 1;
    tx.tolerance = 32'768'000;
    tx.time_sec = now_ns / 1'000'000'000;
    tx.time_usec = now_ns % 1'000'000'000;
    tx.tick = 10'000;
    return tx;
}

}  // namespace ntpscope::bench
