#include "cli/recording_options.hpp"

#include <fmt/format.h>

namespace ntpscope::cli {

void add_recording_options(CLI::App* cmd, app::RecordRequest& r) {
    cmd->add_option("--snaplen", r.snaplen,
                    fmt::format("Payload bytes kept per datagram (default and maximum {})", probe::kMaxSnaplen));
    cmd->add_option("--ring-kib", r.ring_kib,
                    fmt::format("Ring buffer size in KiB, a power of two (default {})", probe::kDefaultRingKib));
    cmd->add_option("--attach", r.attach,
                    "Force the programs that record: socket (socket tracepoints; other processes pay nothing) or "
                    "syscall (raw syscall tracepoints, for kernels without the socket path). Default: socket where "
                    "possible")
        ->check(CLI::IsMember({"socket", "syscall"}));
    cmd->add_flag("-v,--verbose", r.verbose, "Show libbpf's messages");
}

}  // namespace ntpscope::cli
