// UDP sockets set up, read and written with the syscalls ntpd uses (see ntp-facts.md):
// select, recvmsg with an SO_TIMESTAMPNS control message until EAGAIN, sendto.
#pragma once

#include <netinet/in.h>

#include <ctime>
#include <functional>
#include <span>
#include <string>
#include <vector>

namespace ntplab {

in_addr parse_ipv4(const std::string& text);  // throws std::invalid_argument
std::string to_string(in_addr a);
sockaddr_in endpoint(in_addr a, uint16_t port);

struct Datagram {
    std::span<const uint8_t> bytes;
    sockaddr_in from{};
    timespec received{};  // the kernel's SO_TIMESTAMPNS stamp
};

class UdpSocket {
public:
    // Nonblocking, SO_REUSEADDR (several sockets share port 123, as in ntpd), SO_TIMESTAMPNS,
    // bound to addr:port, and moved to the lowest free fd >= min_fd. Throws std::system_error.
    static UdpSocket bind(in_addr addr, uint16_t port, int min_fd);

    UdpSocket(UdpSocket&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }
    UdpSocket& operator=(UdpSocket&&) = delete;
    UdpSocket(const UdpSocket&) = delete;
    ~UdpSocket();

    void join_group(in_addr group, in_addr iface);
    // Multicast sends leave through `iface`, one hop, and are not looped back.
    void send_multicast_via(in_addr iface);

    // Reads every queued datagram (the last recvmsg returns EAGAIN). Returns false when the
    // socket reported an error other than EAGAIN.
    bool drain(const std::function<void(const Datagram&)>& on_datagram);
    bool send_to(std::span<const uint8_t> bytes, const sockaddr_in& to);

    int fd() const { return fd_; }

private:
    explicit UdpSocket(int fd) : fd_(fd) {}
    int fd_ = -1;
};

// Waits with select() until one of `fds` is readable or `timeout_s` passes; returns the
// readable ones (empty on timeout or on a signal).
std::vector<int> wait_readable(std::span<const int> fds, double timeout_s);

// SIGINT/SIGTERM set a flag instead of killing the process, and interrupt select().
void install_stop_signals();
bool stop_requested();

// CLOCK_MONOTONIC in seconds, for scheduling.
double monotonic_now();

}  // namespace ntplab
