#include "trace_test_util.hpp"

#include <errno.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <time.h>

#include "core/trace/trace_text.hpp"

namespace ntpscope::test {

namespace {

class EventMaker {
public:
    explicit EventMaker(uint32_t seed) : random_(seed) {}

    Event make() {
        Event ev;
        ev.t = pick<int64_t>(0, 2'000'000'000'000'000'000);
        ev.mono = pick<int64_t>(0, 1'000'000'000'000'000);
        ev.pid = pick<uint32_t>(1, 4'194'304);
        ev.tid = chance(2) ? ev.pid : pick<uint32_t>(1, 4'194'304);
        ev.comm = comm();
        ev.syscall = static_cast<Syscall>(pick<int>(0, kSyscallCount - 1));
        ev.fd = chance(10) ? -1 : pick<int32_t>(0, 1023);
        ev.err = chance(4) ? pick<int32_t>(1, 133) : 0;
        ev.ret = ev.err ? -1 : pick<int64_t>(0, 70000);
        if (chance(2)) ev.sock = sock();
        if (chance(2)) ev.addr = addr(true);
        if (chance(3)) ev.dst = addr(false);
        if (chance(3)) ev.rx_time = pick<int64_t>(-5, 2'000'000'000'000'000'000);
        if (chance(2)) {
            ev.data.resize(pick<size_t>(0, 100));
            for (uint8_t& b : ev.data) b = static_cast<uint8_t>(pick<int>(0, 255));
            ev.len = static_cast<uint32_t>(ev.data.size()) + (chance(4) ? pick<uint32_t>(1, 65000) : 0);
        } else if (chance(4)) {
            ev.len = pick<uint32_t>(1, 4'000'000'000);  // a length without captured bytes
        }
        if (chance(3)) ev.flags = pick<uint32_t>(1, 0x40000000);
        if (is_batch(ev.syscall)) ev.msg_index = chance(2) ? 0 : pick<uint32_t>(1, 1023);
        if (ev.msg_index == 0 && chance(5)) ev.omitted = pick<uint32_t>(1, 1000);
        if (chance(4)) ev.clock = pick<int32_t>(-100, 11);
        if (chance(4)) ev.timex = timex();
        if (chance(5)) ev.set_time = pick<int64_t>(INT64_MIN, INT64_MAX);
        if (chance(5)) ev.opt = opt();
        return ev;
    }

private:
    template <typename T>
    T pick(T lo, T hi) {
        return std::uniform_int_distribution<T>(lo, hi)(random_);
    }
    bool chance(int one_in) { return pick<int>(1, one_in) == 1; }

    std::string comm() {
        static const std::vector<std::string> names = {
            "ntpd", "chronyd", "ntpd \"q\"", "back\\slash", "tab\there", "nl\nx", "ctl\x01\x1f",
            "caf\xc3\xa9", "", "\xe2\x82\xac-euro", "0123456789abcde"};
        return names[pick<size_t>(0, names.size() - 1)];
    }

    SockAddr addr(bool with_port) {
        SockAddr a;
        switch (pick<int>(0, 2)) {
        case 0:
            a = SockAddr::v4(pick<uint32_t>(0, UINT32_MAX), 0);
            break;
        case 1: {
            std::array<uint8_t, 16> ip{};
            for (uint8_t& b : ip) b = chance(3) ? 0 : static_cast<uint8_t>(pick<int>(0, 255));
            a = SockAddr::v6(ip, 0);
            break;
        }
        default: {  // IPv4-mapped IPv6
            std::array<uint8_t, 16> ip{};
            ip[10] = ip[11] = 0xff;
            for (int i = 12; i < 16; ++i) ip[i] = static_cast<uint8_t>(pick<int>(0, 255));
            a = SockAddr::v6(ip, 0);
        }
        }
        if (with_port) a.port = pick<uint16_t>(0, 65535);
        return a;
    }

    SockInfo sock() {
        static const std::vector<uint16_t> families = {AF_INET, AF_INET6, AF_UNIX, AF_NETLINK, 0, 17, 65535};
        static const std::vector<uint16_t> types = {SOCK_DGRAM, SOCK_STREAM, SOCK_RAW, SOCK_SEQPACKET, 0, 10, 2050};
        SockInfo s;
        s.family = families[pick<size_t>(0, families.size() - 1)];
        s.type = types[pick<size_t>(0, types.size() - 1)];
        if (chance(2)) s.local = addr(true);
        if (chance(2)) s.remote = addr(true);
        if (chance(2)) s.id = pick<uint64_t>(1, UINT64_MAX);
        return s;
    }

    Timex timex() {
        Timex t;
        t.modes = pick<uint32_t>(0, UINT32_MAX);
        t.offset = pick<int64_t>(INT64_MIN, INT64_MAX);
        t.freq = pick<int64_t>(-32768000, 32768000);
        t.maxerror = pick<int64_t>(0, 16'000'000);
        t.esterror = pick<int64_t>(0, 16'000'000);
        t.status = pick<int32_t>(INT32_MIN, INT32_MAX);
        t.constant = pick<int64_t>(0, 10);
        t.precision = pick<int64_t>(0, 1000);
        t.tolerance = pick<int64_t>(0, 32768000);
        t.time_sec = pick<int64_t>(0, 2'000'000'000);
        t.time_usec = pick<int64_t>(0, 999'999'999);
        t.tick = pick<int64_t>(9000, 11000);
        t.tai = pick<int32_t>(INT32_MIN, INT32_MAX);
        return t;
    }

    SockOpt opt() {
        SockOpt o;
        o.level = pick<int32_t>(INT32_MIN, INT32_MAX);
        o.name = pick<int32_t>(INT32_MIN, INT32_MAX);
        if (chance(2)) o.group = addr(false);
        if (chance(2)) o.iface = addr(false);
        if (chance(2)) o.value = pick<int64_t>(INT64_MIN, INT64_MAX);
        return o;
    }

    std::mt19937_64 random_;
};

}  // namespace

TraceHeader sample_header() {
    TraceHeader h;
    h.version = trace::kFormatVersion;  // what a reader reports for a file this writer wrote
    h.attach = "socket";
    h.tool = "ntpscope 0.1.0";
    h.host = "client-7";
    h.kernel = "6.1.0-18-amd64";
    h.boot_id = "0c3f4b5e-9d1a-4f6b-8e2c-3a7d9b1e5f00";
    h.start = 1'700'000'000'123'456'789;
    h.start_mono = 12'345'678'901'234;
    h.snaplen = 128;
    h.targets.push_back({1234, "ntpd", "/usr/sbin/ntpd", "/usr/sbin/ntpd -n -c /etc/ntpsec/ntp.conf",
                         4026531992, "/etc/ntpsec/ntp.conf"});
    h.targets.push_back({1240, "chronyd", "/usr/sbin/chronyd", "chronyd -d", 4026532100, ""});
    SocketEntry entry;
    entry.pid = 1234;
    entry.fd = 16;
    entry.sock.family = AF_INET;
    entry.sock.type = SOCK_DGRAM;
    entry.sock.local = SockAddr::v4(0xc0a80107, 123);
    entry.sock.id = 51234;
    h.sockets.push_back(entry);
    entry.fd = 17;
    entry.sock.family = AF_INET6;
    entry.sock.local = *SockAddr::parse("[fe80::1]:123");
    entry.sock.remote = *SockAddr::parse("[2001:db8::7]:123");
    h.sockets.push_back(entry);
    return h;
}

Event sample_recvmsg() {
    Event ev;
    ev.t = 1'700'000'001'000'000'000;
    ev.mono = 12'346'678'901'234;
    ev.pid = 1234;
    ev.tid = 1234;
    ev.comm = "ntpd";
    ev.syscall = Syscall::recvmsg;
    ev.fd = 22;
    ev.ret = 48;
    ev.sock = SockInfo{AF_INET, SOCK_DGRAM, SockAddr::v4(0xc0a80107, 123), {}, 51234};
    ev.addr = SockAddr::v4(0xc0a80133, 123);
    ev.dst = SockAddr::v4(0xc0a80107, 0);
    ev.len = 48;
    ev.data.assign(48, 0);
    ev.data[0] = 0x24;
    ev.rx_time = 1'700'000'000'999'990'000;
    return ev;
}

std::vector<Event> random_events(uint32_t seed, size_t count) {
    EventMaker maker(seed);
    std::vector<Event> events;
    for (size_t i = 0; i < count; ++i) events.push_back(maker.make());
    return events;
}

}  // namespace ntpscope::test
