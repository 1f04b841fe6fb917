#include "probe/record_decoder.hpp"

#include <sys/socket.h>
#include <time.h>

#include <cstring>

#include "core/kabi/kabi.hpp"
#include "ntpscope_abi.h"

namespace ntpscope::probe {

namespace {

int64_t now_ns(clockid_t id) {
    timespec ts{};
    clock_gettime(id, &ts);
    return ts.tv_sec * 1'000'000'000LL + ts.tv_nsec;
}

SockAddr raw_ip(uint16_t family, const uint8_t* ip, uint16_t port) {
    SockAddr a;
    a.family = family;
    a.port = port;
    std::memcpy(a.ip.data(), ip, family == AF_INET ? 4 : 16);
    return a;
}

std::optional<SockInfo> decode_sock(const ntps_sock& s) {
    if (s.family == 0) return std::nullopt;
    SockInfo info;
    info.family = s.family;
    info.type = s.type;
    info.id = s.ino;
    if (s.family == AF_INET || s.family == AF_INET6) {
        info.local = raw_ip(s.family, s.local_ip, s.local_port);
        SockAddr remote = raw_ip(s.family, s.remote_ip, s.remote_port);
        if (s.remote_port != 0 || !remote.is_any()) info.remote = remote;
    }
    return info;
}

void decode_extra(const ntps_event& ev, std::span<const uint8_t> extra, Event& out) {
    switch (ev.extra_kind) {
    case NTPS_EXTRA_CONTROL: {
        auto control = kabi::decode_control(extra);
        out.rx_time = control.rx_time;
        out.dst = control.dst;
        break;
    }
    case NTPS_EXTRA_TIMEX:
        out.timex = kabi::decode_timex(extra);
        break;
    case NTPS_EXTRA_TIMESPEC:
        out.set_time = kabi::decode_timespec(extra);
        break;
    case NTPS_EXTRA_TIMEVAL:
        out.set_time = kabi::decode_timeval(extra);
        break;
    case NTPS_EXTRA_OPTVAL:
        out.opt = kabi::decode_sockopt(ev.arg0, ev.arg1, extra);
        break;
    default:
        break;
    }
}

}  // namespace

ClockMapping ClockMapping::sample() {
    // Bracket the realtime read with two monotonic reads to halve the sampling error.
    int64_t m1 = now_ns(CLOCK_MONOTONIC);
    int64_t r = now_ns(CLOCK_REALTIME);
    int64_t m2 = now_ns(CLOCK_MONOTONIC);
    return {r - (m1 + (m2 - m1) / 2)};
}

bool decode_record(std::span<const uint8_t> record, const ClockMapping& clock, Event& out) {
    ntps_event ev;
    if (record.size() < sizeof ev) return false;
    std::memcpy(&ev, record.data(), sizeof ev);
    if (ev.call >= NTPS_CALL_COUNT || ev.caplen > NTPS_MAX_SNAPLEN || ev.extra_len > NTPS_MAX_EXTRA ||
        ev.addr_len > NTPS_ADDR_LEN || record.size() < sizeof ev + ev.caplen + ev.extra_len)
        return false;

    auto payload = record.subspan(sizeof ev, ev.caplen);
    auto extra = record.subspan(sizeof ev + ev.caplen, ev.extra_len);

    out.t = static_cast<int64_t>(ev.mono_ns) + clock.realtime_minus_mono;
    out.mono = static_cast<int64_t>(ev.mono_ns);
    out.pid = ev.pid;
    out.tid = ev.tid;
    out.comm.assign(ev.comm, strnlen(ev.comm, sizeof ev.comm));
    out.syscall = static_cast<Syscall>(ev.call);
    out.fd = ev.fd;
    out.ret = ev.ret;
    out.err = ev.ret < 0 && ev.ret >= -4095 && out.syscall != Syscall::exec && out.syscall != Syscall::exit
                  ? static_cast<int32_t>(-ev.ret)
                  : 0;
    out.sock = decode_sock(ev.sock);
    out.addr = ev.addr_len ? kabi::decode_sockaddr(std::span<const uint8_t>(ev.addr, ev.addr_len)) : std::nullopt;
    out.dst.reset();
    out.rx_time.reset();
    out.flags = ev.flags;
    out.len = ev.len;
    out.data.assign(payload.begin(), payload.end());
    out.msg_index = ev.msg_index;
    out.omitted = ev.omitted;
    out.clock = ev.arg0 >= 0 && (out.syscall == Syscall::clock_adjtime || out.syscall == Syscall::clock_settime)
                    ? std::optional<int32_t>(ev.arg0)
                    : std::nullopt;
    out.timex.reset();
    out.set_time.reset();
    out.opt.reset();
    out.via = ev.origin == NTPS_ORIGIN_LIBC         ? Via::libc
              : ev.origin == NTPS_ORIGIN_SOCK_STATE ? Via::socket_state
                                                    : Via::call;
    decode_extra(ev, extra, out);
    return true;
}

}  // namespace ntpscope::probe

static_assert(static_cast<int>(ntpscope::Syscall::recvmsg) == NTPS_RECVMSG &&
                  static_cast<int>(ntpscope::Syscall::close) == NTPS_CLOSE &&
                  static_cast<int>(ntpscope::Syscall::exit) == NTPS_EXIT &&
                  ntpscope::kSyscallCount == NTPS_CALL_COUNT,
              "ntps_call and ntpscope::Syscall must list the calls in the same order");
