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

// What this kernel lacks for the socket path, one sentence each; empty when it has it all.
std::vector<std::string> socket_path_gaps();

// Where the cgroup v2 hierarchy is mounted; empty if nowhere.
std::string cgroup2_mount();

// The directory of `pid`'s cgroup v2 under that mount (the recvmsg hooks attach there, so that
// processes in other cgroups never run them); empty when the process or the hierarchy is gone.
std::string cgroup2_dir_of(uint32_t pid, const std::string& proc_root = "/proc");

struct AttachChoice {
    AttachPath path = AttachPath::socket;
    std::vector<std::string> socket_gaps;  // why the socket path was not taken
};

// `forced`: --attach. Throws std::runtime_error when the socket path is forced but impossible.
AttachChoice choose_attach_path(std::optional<AttachPath> forced);

}  // namespace ntpscope::probe
