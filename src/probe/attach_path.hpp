// Which programs record the targets: the socket path (socket tracepoints, cgroup recvmsg hooks
// and libc uprobes: other processes pay nothing) or the syscall path (raw syscall tracepoints:
// every syscall on the host takes the kernel's slow path while they are attached). The socket
// path is chosen whenever this kernel offers all it needs.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ntpscope::probe {

enum class AttachPath { socket, syscall };

const char* attach_path_name(AttachPath path);
std::optional<AttachPath> parse_attach_path(std::string_view name);

// What this kernel offers the socket path, read once from its BTF and mounts (`--version`
// reports it beside the other features, and a recorder chooses its path from it).
struct SocketPathSupport {
    bool btf = false;
    std::vector<std::string> missing_tracepoints;  // of sock_send_length, sock_recv_length
    bool rdonly_cast = false;
    std::string cgroup2_mount;  // empty: no cgroup v2 hierarchy mounted
    // What the socket path lacks, one sentence each; empty when it has it all.
    std::vector<std::string> gaps() const;
};

SocketPathSupport probe_socket_path();

// The directory of `pid`'s cgroup v2 under `mount` (the recvmsg hooks attach there, so that
// processes in other cgroups never run them); empty when the process or the hierarchy is gone.
std::string cgroup2_dir_of(uint32_t pid, const std::string& mount, const std::string& proc_root = "/proc");

struct AttachChoice {
    AttachPath path = AttachPath::socket;
    std::vector<std::string> socket_gaps;  // why the socket path was not taken
    std::string cgroup2_mount;             // where the socket path hooks receives
};

// `forced`: --attach. Throws std::runtime_error when the socket path is forced but impossible.
AttachChoice choose_attach_path(std::optional<AttachPath> forced, const SocketPathSupport& support);

}  // namespace ntpscope::probe
