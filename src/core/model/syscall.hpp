// The calls ntpscope records, plus the two process-lifecycle pseudo-calls.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace ntpscope {

enum class Syscall : uint8_t {
    recvmsg,
    recvfrom,
    recvmmsg,
    sendto,
    sendmsg,
    sendmmsg,
    adjtimex,
    clock_adjtime,
    clock_settime,
    settimeofday,
    socket,
    bind,
    connect,
    setsockopt,
    close,
    exec,  // a target process appeared (exec or --comm match)
    exit,  // a target process ended
};

inline constexpr int kSyscallCount = static_cast<int>(Syscall::exit) + 1;

std::string_view syscall_name(Syscall s);
std::optional<Syscall> parse_syscall(std::string_view name);

bool is_receive(Syscall s);  // recvmsg, recvfrom, recvmmsg
bool is_send(Syscall s);     // sendto, sendmsg, sendmmsg
bool is_datagram(Syscall s); // receive or send
bool is_clock(Syscall s);    // adjtimex, clock_adjtime, clock_settime, settimeofday
bool is_batch(Syscall s);    // recvmmsg, sendmmsg

}  // namespace ntpscope
