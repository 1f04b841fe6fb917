// The loaded and attached BPF programs: target map, ring buffer, loss counter.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "probe/attach_path.hpp"
#include "probe/record_limits.hpp"

namespace ntpscope::probe {

struct LibcFunctions;

struct ProbeOptions {
    uint32_t snaplen = kDefaultSnaplen;     // 1 .. kMaxSnaplen
    std::vector<std::string> follow_comms;  // processes exec'ing with these names become targets
    uint32_t ring_bytes = kDefaultRingKib * 1024;  // power of two, multiple of the page size
    bool verbose = false;                   // pass libbpf's own messages through
    std::optional<AttachPath> attach;       // --attach; unset: the socket path where possible
};

using RecordHandler = std::function<void(std::span<const uint8_t>)>;

class BpfSession {
public:
    // Opens, configures, loads and attaches. Throws std::runtime_error with the reason
    // (no BPF permission, no BTF, verifier rejection) when tracing is impossible.
    BpfSession(const ProbeOptions& options, RecordHandler handler);
    ~BpfSession();
    BpfSession(const BpfSession&) = delete;
    BpfSession& operator=(const BpfSession&) = delete;

    void add_target(uint32_t pid);
    // Socket path: the recvmsg hooks that give a receive's sender run for `pid`'s cgroup (and
    // the cgroups below it), so processes elsewhere never pay for them. Idempotent.
    // A process --comm finds at exec is hooked then, within the recorder's next poll.
    void hook_receives_of(uint32_t pid);
    // Waits up to timeout_ms for records and hands each to the handler. Returns the count.
    int poll(int timeout_ms);
    // Drains whatever is left without waiting.
    int drain();
    // Records the kernel side could not place in the ring buffer, summed over CPUs.
    uint64_t lost() const;
    // tracefs tracepoints this kernel lacks (their programs were not loaded).
    const std::vector<std::string>& missing_tracepoints() const { return missing_; }
    // What keeps other processes' clock calls from being seen in full (each a sentence).
    const std::vector<std::string>& clock_watch_gaps() const { return clock_watch_gaps_; }
    // The programs in use, and (when they are the syscall path's) what the socket path lacked.
    const AttachChoice& attach() const { return attach_; }

private:
    void attach_clock_uprobes(const std::optional<LibcFunctions>& libc);
    void attach_socket_path(const std::optional<LibcFunctions>& libc);
    void hook_receives_in(const std::string& cgroup_dir);

    struct Impl;
    std::unique_ptr<Impl> impl_;
    std::vector<std::string> missing_;
    std::vector<std::string> clock_watch_gaps_;
    AttachChoice attach_;
    std::vector<std::string> hooked_cgroups_;
};

}  // namespace ntpscope::probe
