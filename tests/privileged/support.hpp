// Helpers for tests that load real BPF programs: privilege checks, throwaway network
// namespaces, child processes driven through pipes, and reading the traces they produce.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "core/model/event.hpp"

namespace ntpscope::test {

// Skips loudly where BPF is really absent; fails instead when NTPSCOPE_REQUIRE_PRIVILEGED is
// set (CI), so privileged tests can never be skipped silently there.
#define NTPSCOPE_REQUIRE_BPF()                                                   \
    do {                                                                         \
        std::string why = ::ntpscope::test::bpf_unavailable_reason();            \
        if (!why.empty()) {                                                      \
            if (::ntpscope::test::privileged_required())                         \
                FAIL() << "privileged test cannot run: " << why;                 \
            GTEST_SKIP() << "*** SKIPPING PRIVILEGED TEST: " << why << " ***";   \
        }                                                                        \
    } while (0)

std::string bpf_unavailable_reason();
bool privileged_required();

// A network namespace with lo up, multicast enabled and a 224.0.0.0/4 route; deleted on scope exit.
class NetNs {
public:
    NetNs();
    ~NetNs();
    NetNs(const NetNs&) = delete;
    NetNs& operator=(const NetNs&) = delete;
    const std::string& name() const { return name_; }

private:
    std::string name_;
};

// Runs `ip netns exec NS ...` in the namespace; throws on failure.
void ns_exec(const std::string& ns, const std::string& command);

// One end of a veth pair: its namespace, device name and IPv4 address (/24).
struct VethEnd {
    const NetNs& ns;
    std::string dev;
    std::string ip;
};
// Joins two namespaces by a veth pair, IPv4 only (a link-local IPv6 address in DAD makes ntpd
// rescan and rebind), multicast routed through it, and returns once both ends have carrier
// (a daemon started before finds no usable interface address).
void link_with_veth(const VethEnd& a, const VethEnd& b);

// A private directory under the temp dir, removed on scope exit (also when a lab's constructor
// throws half-way).
class ScratchDir {
public:
    explicit ScratchDir(const std::string& name);
    ~ScratchDir();
    ScratchDir(const ScratchDir&) = delete;
    ScratchDir& operator=(const ScratchDir&) = delete;
    const std::string& path() const { return path_; }

private:
    std::string path_;
};

// The argv prefix that runs a daemon in `ns` without CAP_SYS_TIME: its clock calls fail with
// EPERM, so the machine's clock is never touched, whatever its configuration says.
std::vector<std::string> in_ns_without_clock(const NetNs& ns);

// Polls `ready` every 100 ms; throws std::runtime_error(what) after `timeout`.
template <class Ready>
void wait_until(Ready ready, std::chrono::seconds timeout, const std::string& what) {
    for (auto deadline = std::chrono::steady_clock::now() + timeout; !ready();
         std::this_thread::sleep_for(std::chrono::milliseconds(100)))
        if (std::chrono::steady_clock::now() > deadline) throw std::runtime_error(what);
}

// Runs a shell command; throws when it fails.
void sh(const std::string& command);
// A shell command's standard output (empty when it cannot be started).
std::string capture(const std::string& command);

// A child process with its stdin and stdout on pipes. Killed (by pid) and reaped on scope exit.
class Child {
public:
    explicit Child(const std::vector<std::string>& argv, bool capture_stdout = true);
    ~Child();
    Child(const Child&) = delete;
    Child& operator=(const Child&) = delete;

    pid_t pid() const { return pid_; }
    // Next stdout line, or throws after `timeout`.
    std::string read_line(std::chrono::milliseconds timeout = std::chrono::seconds(10));
    std::vector<std::string> read_all_lines(std::chrono::milliseconds timeout = std::chrono::seconds(10));
    void write_line(const std::string& line);
    // Waits for exit; returns the exit status, or throws after `timeout`.
    int wait(std::chrono::milliseconds timeout = std::chrono::seconds(15));
    void signal(int sig);

private:
    pid_t pid_ = -1;
    int in_ = -1;
    int out_ = -1;
    std::string pending_;
    bool reaped_ = false;
};

struct Trace {
    TraceHeader header;
    std::vector<Event> events;
    TraceFooter footer;
    bool has_footer = false;
    std::vector<std::string> warnings;
};

Trace load_trace(const std::string& path);

// Waits until `path` holds a complete first line (the recorder writes it after attaching).
void wait_for_header(const std::string& path, std::chrono::milliseconds timeout = std::chrono::seconds(20));

std::string temp_path(const std::string& stem);
std::string to_hex(const std::vector<uint8_t>& bytes);

}  // namespace ntpscope::test
