// Loads the real BPF programs against tests/testprogs/ntp_pattern and compares the trace with
// the program's own account of every call it made.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <sstream>

#include "core/model/errno_names.hpp"
#include "support.hpp"

namespace ntpscope::test {
namespace {

struct Call {
    std::string syscall;
    int fd = -1;
    long ret = 0;
    int err = 0;
    std::string peer;
    std::string data;
};

std::map<std::string, std::string> fields(const std::string& line) {
    std::map<std::string, std::string> out;
    std::istringstream in(line);
    std::string word;
    while (in >> word) {
        auto eq = word.find('=');
        if (eq != std::string::npos) out[word.substr(0, eq)] = word.substr(eq + 1);
    }
    return out;
}

Call parse_call(const std::string& line) {
    auto f = fields(line);
    return {f["syscall"], std::stoi(f["fd"]), std::stol(f["ret"]), std::stoi(f["errno"]), f["peer"], f["data"]};
}

// "ready wild=16:57980 iface=17:43159" -> {"wild": {16, 57980}, ...}
std::pair<int, uint16_t> fd_port(const std::string& value) {
    auto colon = value.find(':');
    return {std::stoi(value.substr(0, colon)), static_cast<uint16_t>(std::stoi(value.substr(colon + 1)))};
}

// What a path records of the calls ntp_pattern reports: the socket path sees no close.
bool traced_call(const Event& e, bool socket_path) {
    if (e.via == Via::socket_state) return false;
    return is_datagram(e.syscall) || is_clock(e.syscall) || (!socket_path && e.syscall == Syscall::close);
}

// Each test runs on both paths (--attach socket|syscall); `env` prefixes the recorder's command.
struct RecordPath {
    std::string attach;
    std::vector<std::string> env;
};

void PrintTo(const RecordPath& path, std::ostream* os) {
    *os << path.attach;
    for (const auto& word : path.env) *os << ' ' << word;
}

std::string path_name(const ::testing::TestParamInfo<RecordPath>& info) {
    return info.param.attach + (info.param.env.empty() ? "" : "ProbeReadFdWalk");
}

void check_order(const Trace& t) {
    for (size_t i = 1; i < t.events.size(); ++i) {
        EXPECT_LE(t.events[i - 1].mono, t.events[i].mono) << "event " << i;
        EXPECT_LE(t.events[i - 1].t, t.events[i].t) << "event " << i;
    }
    EXPECT_EQ(t.events.back().syscall, Syscall::exit);
}

class RecordTest : public ::testing::TestWithParam<RecordPath> {
protected:
    void SetUp() override { NTPSCOPE_REQUIRE_BPF(); }
    std::string trace_ = temp_path("record");
    void TearDown() override { std::remove(trace_.c_str()); }
    bool socket_path() const { return GetParam().attach == "socket"; }
    // `ntpscope record ARGS --attach PATH -o TRACE -q`, with the parameter's environment.
    std::vector<std::string> record(std::vector<std::string> args) const {
        std::vector<std::string> argv = GetParam().env;
        argv.insert(argv.end(), {NTPSCOPE_BIN, "record"});
        argv.insert(argv.end(), args.begin(), args.end());
        argv.insert(argv.end(), {"--attach", GetParam().attach, "-o", trace_, "-q"});
        return argv;
    }
};

INSTANTIATE_TEST_SUITE_P(Paths, RecordTest, ::testing::Values(RecordPath{"socket", {}}, RecordPath{"syscall", {}}),
                         path_name);

// The full comparison also on the programs kernels older than 6.2 load (no bpf_rdonly_cast):
// the syscall path's fd walk by probe reads.
class RecordCaptureTest : public RecordTest {};
INSTANTIATE_TEST_SUITE_P(Paths, RecordCaptureTest,
                         ::testing::Values(RecordPath{"socket", {}}, RecordPath{"syscall", {}},
                                           RecordPath{"syscall", {"env", "NTPSCOPE_FD_WALK=probe"}}),
                         path_name);

TEST_P(RecordCaptureTest, CapturesEachCallWithSocketIdentityPayloadAndErrno) {
    NetNs ns;
    Child prog({"ip", "netns", "exec", ns.name(), NTP_PATTERN_BIN});
    auto ready = fields(prog.read_line());
    auto [wild_fd, wild_port] = fd_port(ready.at("wild"));
    auto [iface_fd, iface_port] = fd_port(ready.at("iface"));

    Child rec(record({"--pid", std::to_string(prog.pid())}), false);
    wait_for_header(trace_);
    prog.write_line("go");
    int group_fd = std::stoi(fields(prog.read_line()).at("fd"));
    auto conn = fields(prog.read_line());
    int conn_fd = std::stoi(conn.at("fd"));
    std::vector<Call> calls;
    for (const auto& line : prog.read_all_lines(std::chrono::seconds(5)))
        if (line.rfind("call ", 0) == 0 && !(socket_path() && line.rfind("call syscall=close ", 0) == 0))
            calls.push_back(parse_call(line));
    ASSERT_EQ(prog.wait(), 0);
    ASSERT_EQ(rec.wait(), 0) << "the recorder must stop by itself once its only target exited";

    struct stat st {};
    ASSERT_EQ(stat(trace_.c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0600u);

    Trace t = load_trace(trace_);
    ASSERT_TRUE(t.has_footer);
    EXPECT_EQ(t.footer.lost, 0u);
    EXPECT_EQ(t.footer.events, t.events.size());

    // The attach-time snapshot names the sockets that existed before recording.
    auto snap = [&](int fd) {
        auto it = std::find_if(t.header.sockets.begin(), t.header.sockets.end(), [&](auto& s) { return s.fd == fd; });
        return it == t.header.sockets.end() ? std::string("missing") : it->sock.local.to_string();
    };
    EXPECT_EQ(snap(wild_fd), "0.0.0.0:" + std::to_string(wild_port));
    EXPECT_EQ(snap(iface_fd), "127.0.0.1:" + std::to_string(iface_port));
    ASSERT_EQ(t.header.targets.size(), 1u);
    EXPECT_EQ(t.header.targets[0].pid, static_cast<uint32_t>(prog.pid()));
    EXPECT_EQ(t.header.attach, GetParam().attach);

    // Every datagram, clock and close call appears once, in order, exactly as made.
    std::vector<const Event*> traced;
    for (const auto& e : t.events) {
        EXPECT_EQ(e.pid, static_cast<uint32_t>(prog.pid()));
        if (traced_call(e, socket_path())) traced.push_back(&e);
    }
    ASSERT_EQ(traced.size(), calls.size());
    for (size_t i = 0; i < calls.size(); ++i) {
        const Event& e = *traced[i];
        const Call& c = calls[i];
        SCOPED_TRACE("call " + std::to_string(i) + ": " + c.syscall);
        // glibc's adjtimex is the syscall clock_adjtime(CLOCK_REALTIME): the socket path sees the
        // C library function, the syscall path the kernel's call.
        EXPECT_EQ(syscall_name(e.syscall), !socket_path() && c.syscall == "adjtimex" ? "clock_adjtime" : c.syscall);
        EXPECT_EQ(e.fd, c.fd);
        EXPECT_EQ(e.ret, c.err ? -c.err : c.ret);
        EXPECT_EQ(e.err, c.err);
        if (c.err) {
            EXPECT_EQ(errno_name(e.err), "EAGAIN");
        }
        if (is_datagram(e.syscall) && !c.err) {
            EXPECT_EQ(to_hex(e.data), c.data);
            EXPECT_EQ(e.len, c.data.size() / 2);
            ASSERT_TRUE(e.sock);
            EXPECT_EQ(e.sock->family, AF_INET);
            EXPECT_EQ(e.sock->type, SOCK_DGRAM);
            EXPECT_NE(e.sock->id, 0u);
            if (c.peer != "-") {
                ASSERT_TRUE(e.addr);
                EXPECT_EQ(e.addr->to_string(), c.peer);
            }
        }
    }

    auto find = [&](Syscall s, int fd, int nth = 0) -> const Event& {
        for (const auto& e : t.events)
            if (e.syscall == s && e.fd == fd && nth-- == 0) return e;
        throw std::runtime_error("no such event");
    };
    // recvmsg on the wildcard socket: local address, sender, pktinfo destination, kernel time.
    const Event& unicast = find(Syscall::recvmsg, wild_fd);
    EXPECT_EQ(unicast.sock->local.to_string(), "0.0.0.0:" + std::to_string(wild_port));
    ASSERT_TRUE(unicast.dst);
    EXPECT_EQ(unicast.dst->ip_string(), "127.0.0.1");
    ASSERT_TRUE(unicast.rx_time);
    EXPECT_LT(std::abs(*unicast.rx_time - unicast.t), 1'000'000'000);
    EXPECT_EQ(errno_name(find(Syscall::recvmsg, wild_fd, 1).err), "EAGAIN");

    // The multicast packet arrives on the socket bound to the group, addressed to the group.
    const Event& mcast = find(Syscall::recvmsg, group_fd);
    EXPECT_EQ(mcast.sock->local.to_string(), "224.0.1.1:123");
    ASSERT_TRUE(mcast.dst);
    EXPECT_EQ(mcast.dst->ip_string(), "224.0.1.1");
    EXPECT_EQ(mcast.len, 68u);

    // The connected socket's identity carries its peer; sendmsg has no msg_name.
    const Event& sent = find(Syscall::sendmsg, conn_fd);
    EXPECT_EQ(sent.sock->remote.to_string(), "127.0.0.1:" + std::to_string(wild_port));
    EXPECT_EQ(sent.sock->local.port, std::stoi(conn.at("port")));
    EXPECT_FALSE(sent.addr);

    // recvmmsg: one event per message, indexed.
    EXPECT_EQ(find(Syscall::recvmmsg, wild_fd, 2).msg_index, 2u);

    // Clock reads: modes 0, the returned state, the clock id; the target's own calls.
    const Event& adj = find(Syscall::clock_adjtime, -1);
    ASSERT_TRUE(adj.timex);
    EXPECT_EQ(adj.timex->modes, 0u);
    EXPECT_EQ(adj.clock, 0);
    EXPECT_EQ(adj.via, Via::call);
    ASSERT_TRUE(find(socket_path() ? Syscall::adjtimex : Syscall::clock_adjtime, -1, socket_path() ? 0 : 1).timex);

    // Socket lifecycle of the group and connected sockets: the calls on the syscall path, the
    // socket's state when first seen on the socket path.
    const Event& bind = find(Syscall::bind, group_fd);
    EXPECT_EQ(bind.addr->to_string(), "224.0.1.1:123");
    EXPECT_EQ(bind.via, socket_path() ? Via::socket_state : Via::call);
    bool joined = std::any_of(t.events.begin(), t.events.end(), [&](const Event& e) {
        return e.syscall == Syscall::setsockopt && e.fd == group_fd && e.opt && e.opt->group &&
               e.opt->group->ip_string() == "224.0.1.1";
    });
    EXPECT_TRUE(joined) << "IP_ADD_MEMBERSHIP must be decoded with its group";
    if (socket_path()) {
        const bool any_call = std::any_of(t.events.begin(), t.events.end(), [](const Event& e) {
            return e.syscall == Syscall::socket || e.syscall == Syscall::connect || e.syscall == Syscall::close;
        });
        EXPECT_FALSE(any_call) << "the socket path sees no socket, connect or close";
        // Sends are stamped after the send: a request's record follows the call's start.
        check_order(t);
        return;
    }
    EXPECT_EQ(find(Syscall::connect, conn_fd).addr->to_string(), "127.0.0.1:" + std::to_string(wild_port));
    EXPECT_EQ(find(Syscall::socket, group_fd).sock->family, AF_INET);
    const Event& closed = find(Syscall::close, conn_fd);
    ASSERT_TRUE(closed.sock) << "close resolves the socket before the fd goes away";
    EXPECT_EQ(closed.sock->remote.port, wild_port);

    check_order(t);
}

TEST_P(RecordTest, UntargetedProcessYieldsNoEvents) {
    NetNs ns;
    Child traced({"ip", "netns", "exec", ns.name(), NTP_PATTERN_BIN});
    Child other({"ip", "netns", "exec", ns.name(), NTP_PATTERN_BIN});
    traced.read_line();
    other.read_line();
    Child rec(record({"--pid", std::to_string(traced.pid())}), false);
    wait_for_header(trace_);
    other.write_line("go");
    traced.write_line("go");
    traced.read_all_lines(std::chrono::seconds(5));
    other.read_all_lines(std::chrono::seconds(5));
    ASSERT_EQ(other.wait(), 0);
    ASSERT_EQ(traced.wait(), 0);
    ASSERT_EQ(rec.wait(), 0);

    Trace t = load_trace(trace_);
    size_t mine = 0;
    size_t others_clock_calls = 0;
    for (const auto& e : t.events) {
        // Who touches the clock is watched host-wide: the other process's clock reads, and nothing else.
        if (e.pid == static_cast<uint32_t>(other.pid())) {
            EXPECT_TRUE(is_clock(e.syscall) && e.via == Via::libc) << syscall_name(e.syscall);
            ++others_clock_calls;
        }
        mine += e.pid == static_cast<uint32_t>(traced.pid());
    }
    EXPECT_EQ(others_clock_calls, 2u) << "its clock_adjtime and adjtimex, through the C library";
    EXPECT_GT(mine, 10u);
}

// On a CPU-bound host a recorder at normal priority waited long enough for the ring to overflow;
// `record` raises itself to nice -10 (docs/performance.md, capacity).
TEST_P(RecordTest, RecorderRunsAtRaisedPriority) {
    Child target({"sleep", "30"}, false);
    Child rec(record({"--pid", std::to_string(target.pid())}), false);
    wait_for_header(trace_);
    std::ifstream stat("/proc/" + std::to_string(rec.pid()) + "/stat");
    std::string line;
    std::getline(stat, line);
    // Fields after the ")" that ends comm: state is field 3, nice field 19.
    std::istringstream fields(line.substr(line.rfind(')') + 2));
    std::string field;
    for (int i = 3; i <= 19 && fields >> field; ++i) {
    }
    EXPECT_EQ(field, "-10") << line;
    rec.signal(SIGINT);
    EXPECT_EQ(rec.wait(), 0);
}

TEST_P(RecordTest, CommFollowsARestartedProcess) {
    NetNs ns;
    Child rec(record({"--comm", "ntp_pattern", "--duration", "20s"}), false);
    wait_for_header(trace_);
    std::vector<pid_t> pids;
    for (int run = 0; run < 2; ++run) {
        Child prog({"ip", "netns", "exec", ns.name(), NTP_PATTERN_BIN});
        prog.read_line();
        prog.write_line("go");
        prog.read_all_lines(std::chrono::seconds(5));
        ASSERT_EQ(prog.wait(), 0);
        pids.push_back(prog.pid());
    }
    rec.signal(SIGINT);
    ASSERT_EQ(rec.wait(), 0);

    Trace t = load_trace(trace_);
    ASSERT_TRUE(t.has_footer) << "SIGINT must still leave a complete trace";
    for (pid_t pid : pids) {
        auto of_pid = [&](Syscall s) {
            return std::count_if(t.events.begin(), t.events.end(),
                                 [&](const Event& e) { return e.pid == static_cast<uint32_t>(pid) && e.syscall == s; });
        };
        EXPECT_EQ(of_pid(Syscall::exec), 1) << "pid " << pid;
        EXPECT_EQ(of_pid(Syscall::recvmmsg), 3) << "pid " << pid;
        EXPECT_EQ(of_pid(Syscall::exit), 1) << "pid " << pid;
    }
}

TEST_P(RecordTest, RingOverflowIsCountedNeverSilent) {
    NetNs ns;
    constexpr long kCalls = 200000;
    Child prog({"ip", "netns", "exec", ns.name(), NTP_PATTERN_BIN, "burst", std::to_string(kCalls)});
    prog.read_line();
    Child rec(record({"--pid", std::to_string(prog.pid()), "--ring-kib", "4"}), false);
    wait_for_header(trace_);
    prog.write_line("go");
    EXPECT_EQ(prog.read_line(std::chrono::seconds(60)), "done " + std::to_string(kCalls));
    ASSERT_EQ(prog.wait(), 0);
    EXPECT_EQ(rec.wait(std::chrono::seconds(30)), 3) << "lost events make record exit non-zero";

    Trace t = load_trace(trace_);
    ASSERT_TRUE(t.has_footer);
    EXPECT_GT(t.footer.lost, 0u) << "a 4 KiB ring must overflow under this burst";
    // Every call is either in the trace or counted as lost: the sendto calls plus the exit, and on
    // the socket path the first sight of the one socket.
    EXPECT_EQ(t.events.size() + t.footer.lost, static_cast<size_t>(kCalls) + 1 + (socket_path() ? 1 : 0));
}

}  // namespace
}  // namespace ntpscope::test
