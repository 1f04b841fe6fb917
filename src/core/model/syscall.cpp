#include "core/model/syscall.hpp"

#include <array>

namespace ntpscope {

namespace {

constexpr std::array<std::string_view, kSyscallCount> kNames = {
    "recvmsg",       "recvfrom",      "recvmmsg",     "sendto", "sendmsg",    "sendmmsg",
    "adjtimex",      "clock_adjtime", "clock_settime", "settimeofday", "socket", "bind",
    "connect",       "setsockopt",    "close",        "exec",   "exit",
};

}  // namespace

std::string_view syscall_name(Syscall s) { return kNames[static_cast<size_t>(s)]; }

std::optional<Syscall> parse_syscall(std::string_view name) {
    for (size_t i = 0; i < kNames.size(); ++i)
        if (kNames[i] == name) return static_cast<Syscall>(i);
    return std::nullopt;
}

bool is_receive(Syscall s) {
    return s == Syscall::recvmsg || s == Syscall::recvfrom || s == Syscall::recvmmsg;
}

bool is_send(Syscall s) {
    return s == Syscall::sendto || s == Syscall::sendmsg || s == Syscall::sendmmsg;
}

bool is_datagram(Syscall s) { return is_receive(s) || is_send(s); }

bool is_clock(Syscall s) {
    return s == Syscall::adjtimex || s == Syscall::clock_adjtime || s == Syscall::clock_settime ||
           s == Syscall::settimeofday;
}

bool is_batch(Syscall s) { return s == Syscall::recvmmsg || s == Syscall::sendmmsg; }

}  // namespace ntpscope
