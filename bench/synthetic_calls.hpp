// The parts of the synthetic hosts' calls (synthetic_host, synthetic_fleet): real version-4 NTP
// headers, sockets, and the struct timex of ntpd's kernel discipline, which the decoder and the
// analysis take as they would a daemon's.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "core/model/event.hpp"

namespace ntpscope::bench {

inline constexpr size_t kNtpLen = 48;

// NTP 32.32 of a wall-clock time.
uint64_t timestamp_raw(int64_t unix_ns);

// A version-4 mode-3 request whose transmit timestamp is `transmit_ns` by the sender's clock.
void client_packet(std::vector<uint8_t>& b, int poll_log2, int64_t transmit_ns);

// A stratum-2 server's version-4 mode-4 reply, its clock last set at `reference_ns`, to the
// request whose transmit timestamp was `origin` (NTP 32.32), received at `receive_ns` and sent
// at `transmit_ns`.
void server_packet(std::vector<uint8_t>& b, int poll_log2, uint32_t upstream, int64_t reference_ns, uint64_t origin,
                   int64_t receive_ns, int64_t transmit_ns);

// The same server's mode-5 multicast packet sent at `transmit_ns` (no origin, no receive time).
void broadcast_packet(std::vector<uint8_t>& b, int poll_log2, uint32_t upstream, int64_t reference_ns,
                      int64_t transmit_ns);

// A UDP socket of family AF_INET bound to ip:port.
SockInfo inet_socket(uint32_t ip, uint16_t port, uint64_t inode);

// What ntpd's ntp_adjtime hands the kernel at `now_ns` (offset, errors, status PLL|NANO, time
// constant from the poll), and the kernel's frequency back.
Timex ntpd_timex(int64_t now_ns, int64_t offset_ns, int poll_log2);

}  // namespace ntpscope::bench
