// Where the host's C library keeps the wrappers ntpscope puts uprobes on: the clock-setting ones
// (who touches the clock, host-wide) and recvmmsg/sendmmsg (the socket path's batched calls,
// whose message index the socket tracepoints cannot tell). Read from libc's ELF file: the address of each function (uprobes attach at
// file offsets; the address, passed as the attach cookie, gives the BPF side the load address)
// and errno's GOT slot (see bpf/ntpscope.bpf.c, errno_got_vaddr).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace ntpscope::probe {

struct LibcFunction {
    std::string name;      // "adjtimex", ...
    uint64_t vaddr = 0;    // st_value
    uint64_t offset = 0;   // file offset of the same instruction
};

struct LibcFunctions {
    std::string path;
    std::vector<LibcFunction> clock;  // distinct addresses only: ntp_adjtime is adjtimex's alias
    std::vector<LibcFunction> mmsg;   // recvmmsg, sendmmsg
    uint64_t errno_got_vaddr = 0;         // 0 when __errno_location has an unknown shape
};

// The libc this process maps (the host's, for a host tool); nullopt when it cannot be read.
std::optional<LibcFunctions> find_libc_functions();

// The same, for a given ELF file (tests).
std::optional<LibcFunctions> read_libc_functions(const std::string& path);

// The libc mapped by this process, from /proc/self/maps; empty when none is.
std::string mapped_libc_path();

}  // namespace ntpscope::probe
