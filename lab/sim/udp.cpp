#include "udp.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <stdexcept>
#include <system_error>

namespace ntplab {
namespace {

// The receive buffer ntpd 4.2 passed to recvmsg in the seed's strace (msg_iov len 1092).
constexpr size_t kReceiveBuffer = 1092;

volatile std::sig_atomic_t g_stop = 0;

[[noreturn]] void fail(const std::string& what) {
    throw std::system_error(errno, std::generic_category(), what);
}

void set_int_option(int fd, int level, int name, int value, const char* what) {
    if (setsockopt(fd, level, name, &value, sizeof value) != 0) fail(what);
}

}  // namespace

in_addr parse_ipv4(const std::string& text) {
    in_addr a{};
    if (inet_pton(AF_INET, text.c_str(), &a) != 1) {
        throw std::invalid_argument("'" + text + "' is not an IPv4 address");
    }
    return a;
}

std::string to_string(in_addr a) {
    std::array<char, INET_ADDRSTRLEN> buf{};
    inet_ntop(AF_INET, &a, buf.data(), buf.size());
    return buf.data();
}

sockaddr_in endpoint(in_addr a, uint16_t port) {
    sockaddr_in sa{};
    sa.sin_family = AF_INET;
    sa.sin_addr = a;
    sa.sin_port = htons(port);
    return sa;
}

UdpSocket UdpSocket::bind(in_addr addr, uint16_t port, int min_fd) {
    const int raw = ::socket(AF_INET, SOCK_DGRAM, 0);
    if (raw < 0) fail("socket");
    int fd = raw;
    if (raw < min_fd) {
        fd = fcntl(raw, F_DUPFD, min_fd);
        const int saved = errno;
        ::close(raw);
        errno = saved;
        if (fd < 0) fail("fcntl(F_DUPFD)");
    }
    UdpSocket sock(fd);
    set_int_option(fd, SOL_SOCKET, SO_REUSEADDR, 1, "setsockopt(SO_REUSEADDR)");
    set_int_option(fd, SOL_SOCKET, SO_TIMESTAMPNS, 1, "setsockopt(SO_TIMESTAMPNS)");
    const int flags = fcntl(fd, F_GETFL);
    if (flags < 0 || fcntl(fd, F_SETFL, flags | O_NONBLOCK) != 0) fail("fcntl(O_NONBLOCK)");
    const sockaddr_in sa = endpoint(addr, port);
    if (::bind(fd, reinterpret_cast<const sockaddr*>(&sa), sizeof sa) != 0) {
        fail("bind " + to_string(addr) + ":" + std::to_string(port));
    }
    return sock;
}

UdpSocket::~UdpSocket() {
    if (fd_ >= 0) ::close(fd_);
}

void UdpSocket::join_group(in_addr group, in_addr iface) {
    ip_mreq mreq{};
    mreq.imr_multiaddr = group;
    mreq.imr_interface = iface;
    if (setsockopt(fd_, IPPROTO_IP, IP_ADD_MEMBERSHIP, &mreq, sizeof mreq) != 0) {
        fail("IP_ADD_MEMBERSHIP " + to_string(group));
    }
}

void UdpSocket::send_multicast_via(in_addr iface) {
    if (setsockopt(fd_, IPPROTO_IP, IP_MULTICAST_IF, &iface, sizeof iface) != 0) {
        fail("IP_MULTICAST_IF");
    }
    set_int_option(fd_, IPPROTO_IP, IP_MULTICAST_TTL, 1, "IP_MULTICAST_TTL");
    set_int_option(fd_, IPPROTO_IP, IP_MULTICAST_LOOP, 0, "IP_MULTICAST_LOOP");
}

bool UdpSocket::drain(const std::function<void(const Datagram&)>& on_datagram) {
    std::array<uint8_t, kReceiveBuffer> buf{};
    // Room for one SO_TIMESTAMPNS message, as ntpd sizes its control buffer.
    alignas(cmsghdr) std::array<char, CMSG_SPACE(sizeof(timespec))> control{};
    for (;;) {
        Datagram d;
        iovec iov{buf.data(), buf.size()};
        msghdr msg{};
        msg.msg_name = &d.from;
        msg.msg_namelen = sizeof d.from;
        msg.msg_iov = &iov;
        msg.msg_iovlen = 1;
        msg.msg_control = control.data();
        msg.msg_controllen = control.size();
        const ssize_t n = ::recvmsg(fd_, &msg, 0);
        if (n < 0) return errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR;
        clock_gettime(CLOCK_REALTIME, &d.received);  // used only if the stamp is missing
        for (cmsghdr* c = CMSG_FIRSTHDR(&msg); c != nullptr; c = CMSG_NXTHDR(&msg, c)) {
            if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_TIMESTAMPNS) {
                std::memcpy(&d.received, CMSG_DATA(c), sizeof d.received);
            }
        }
        d.bytes = std::span<const uint8_t>(buf.data(), static_cast<size_t>(n));
        on_datagram(d);
    }
}

bool UdpSocket::send_to(std::span<const uint8_t> bytes, const sockaddr_in& to) {
    const ssize_t n = ::sendto(fd_, bytes.data(), bytes.size(), 0,
                               reinterpret_cast<const sockaddr*>(&to), sizeof to);
    return n == static_cast<ssize_t>(bytes.size());
}

std::vector<int> wait_readable(std::span<const int> fds, double timeout_s) {
    fd_set set;
    FD_ZERO(&set);
    int highest = -1;
    for (int fd : fds) {
        FD_SET(fd, &set);
        highest = std::max(highest, fd);
    }
    if (timeout_s < 0) timeout_s = 0;
    timeval tv{};
    tv.tv_sec = static_cast<time_t>(timeout_s);
    tv.tv_usec = static_cast<suseconds_t>((timeout_s - static_cast<double>(tv.tv_sec)) * 1e6);
    std::vector<int> ready;
    if (::select(highest + 1, &set, nullptr, nullptr, &tv) > 0) {
        for (int fd : fds) {
            if (FD_ISSET(fd, &set)) ready.push_back(fd);
        }
    }
    return ready;
}

void install_stop_signals() {
    struct sigaction sa{};
    sa.sa_handler = [](int) { g_stop = 1; };
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = 0;  // no SA_RESTART: select() returns at once
    sigaction(SIGINT, &sa, nullptr);
    sigaction(SIGTERM, &sa, nullptr);
}

bool stop_requested() { return g_stop != 0; }

double monotonic_now() {
    timespec ts{};
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

}  // namespace ntplab
