// Ring-buffer records as bpf/ntpscope.bpf.c emits them, built by hand: for the record decoder's
// unit tests and the recorder's user-space benchmark.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <cstdint>
#include <cstring>
#include <ctime>
#include <vector>

#include "ntpscope_abi.h"

namespace ntpscope::test {

// ntpd (pid 100, thread 101) reading a datagram from 10.1.0.51:123 on fd 18, a socket bound to
// 224.0.1.1:123.
inline ntps_event recvmsg_event() {
    ntps_event ev{};
    ev.mono_ns = 5'000'000'000ULL;
    ev.pid = 100;
    ev.tid = 101;
    ev.call = NTPS_RECVMSG;
    ev.fd = 18;
    ev.ret = 48;
    ev.len = 48;
    std::strcpy(ev.comm, "ntpd");
    ev.sock.family = AF_INET;
    ev.sock.type = SOCK_DGRAM;
    ev.sock.ino = 4242;
    ev.sock.local_port = 123;
    inet_pton(AF_INET, "224.0.1.1", ev.sock.local_ip);
    sockaddr_in from{};
    from.sin_family = AF_INET;
    from.sin_port = htons(123);
    inet_pton(AF_INET, "10.1.0.51", &from.sin_addr);
    std::memcpy(ev.addr, &from, sizeof from);
    ev.addr_len = sizeof from;
    return ev;
}

// A msg_control buffer holding one SCM_TIMESTAMPNS message.
inline std::vector<uint8_t> timestampns_cmsg(int64_t sec, int64_t nsec) {
    std::vector<uint8_t> buf(CMSG_SPACE(sizeof(timespec)));
    msghdr msg{};
    msg.msg_control = buf.data();
    msg.msg_controllen = buf.size();
    cmsghdr* c = CMSG_FIRSTHDR(&msg);
    c->cmsg_level = SOL_SOCKET;
    c->cmsg_type = SCM_TIMESTAMPNS;
    c->cmsg_len = CMSG_LEN(sizeof(timespec));
    timespec ts{sec, nsec};
    std::memcpy(CMSG_DATA(c), &ts, sizeof ts);
    return buf;
}

// The record: the event, then the payload, then the extra bytes (lengths are the caller's).
inline std::vector<uint8_t> make_record(const ntps_event& ev, const std::vector<uint8_t>& payload,
                                        const std::vector<uint8_t>& extra) {
    std::vector<uint8_t> r(sizeof ev);
    std::memcpy(r.data(), &ev, sizeof ev);
    r.insert(r.end(), payload.begin(), payload.end());
    r.insert(r.end(), extra.begin(), extra.end());
    return r;
}

}  // namespace ntpscope::test
