#include "strace_log.hpp"

#include <cstdio>
#include <fstream>
#include <stdexcept>

#include <fmt/format.h>

#include "core/kabi/linux_names.hpp"

namespace ntpscope::fleet::test {

namespace {

constexpr int64_t kSecond = 1'000'000'000;

std::string time_text(int64_t t) { return fmt::format("{}.{:06}", t / kSecond, t % kSecond / 1000); }

std::string fd_text(const Event& e) {
    return fmt::format("{}<UDP:[{}]>", e.fd, e.sock ? e.sock->local.to_string() : std::string("0.0.0.0:0"));
}

std::string bytes_text(const std::vector<uint8_t>& data) {
    std::string out = "\"";
    for (uint8_t b : data) out += fmt::format("\\x{:02x}", b);
    return out + "\"";
}

std::string sockaddr_text(const SockAddr& a) {
    return fmt::format("{{sa_family=AF_INET, sin_port=htons({}), sin_addr=inet_addr(\"{}\")}}", a.port, a.ip_string());
}

std::string call_text(const Event& e) {
    switch (e.syscall) {
        case Syscall::sendto:
            return fmt::format("sendto({}, {}, {}, 0, {}, 16) = {}", fd_text(e), bytes_text(e.data), e.len,
                               sockaddr_text(*e.addr), e.ret);
        case Syscall::recvmsg:
            if (e.err) return fmt::format("recvmsg({}, {{msg_namelen=28}}, 0) = -1 EAGAIN (Resource temporarily unavailable)",
                                          fd_text(e));
            return fmt::format(
                "recvmsg({}, {{msg_name={}, msg_namelen=28 => 16, msg_iov=[{{iov_base={}, iov_len=1092}}], "
                "msg_iovlen=1, msg_control=[{{cmsg_len=32, cmsg_level=SOL_SOCKET, cmsg_type=SO_TIMESTAMPNS_OLD, "
                "cmsg_data={{tv_sec={}, tv_nsec={}}}}}], msg_controllen=32, msg_flags=0}}, 0) = {}",
                fd_text(e), sockaddr_text(*e.addr), bytes_text(e.data), *e.rx_time / kSecond, *e.rx_time % kSecond,
                e.ret);
        case Syscall::clock_adjtime: {
            const Timex& x = *e.timex;
            return fmt::format(
                "clock_adjtime(CLOCK_REALTIME, {{modes={}, offset={}, freq={}, maxerror={}, esterror={}, status={}, "
                "constant={}, precision={}, tolerance={}, time={{tv_sec={}, tv_usec={}}}, tick={}, ppsfreq=0, "
                "jitter=0, shift=0, stabil=0, jitcnt=0, calcnt=0, errcnt=0, stbcnt=0, tai={}}}) = {} ({})",
                kabi::flags_text(kabi::Table::adj_mode, x.modes), x.offset, x.freq, x.maxerror, x.esterror,
                kabi::flags_text(kabi::Table::sta_status, static_cast<uint32_t>(x.status)), x.constant, x.precision,
                x.tolerance, x.time_sec, x.time_usec, x.tick, x.tai, e.ret, kabi::name_of(kabi::Table::time_state, e.ret));
        }
        case Syscall::clock_settime:
            return fmt::format("clock_settime(CLOCK_REALTIME, {{tv_sec={}, tv_nsec={}}}) = 0", *e.set_time / kSecond,
                               *e.set_time % kSecond);
        default:
            throw std::invalid_argument(fmt::format("write_strace_log: no strace line for {}", syscall_name(e.syscall)));
    }
}

}  // namespace

void write_strace_log(const diff::test::HostTrace& host, const std::string& path) {
    std::ofstream out(path);
    for (const Event& e : host.events) out << time_text(e.t) << ' ' << call_text(e) << '\n';
    if (!out) throw std::runtime_error("cannot write " + path);
}

}  // namespace ntpscope::fleet::test
