// What the traced processes' fds are, kept from the calls strace prints so that fds keep their
// socket identities without -yy: the sockets each process made, bound, connected, named
// (getsockname) or duplicated, which threads belong to which process, and what a fork copies.
// A -y/-yy decoration, where strace prints one, names an fd outright.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/import/strace/args.hpp"
#include "core/import/strace/line.hpp"
#include "core/model/event.hpp"

namespace ntpscope::import::strace {

// Merges what a -y/-yy decoration names into what is known about the socket.
void merge(SockInfo& known, const SockInfo& named);

struct Process {
    static constexpr size_t kCommLength = 15;  // TASK_COMM_LEN - 1

    uint32_t tgid = 0;
    std::string comm;
    std::unordered_map<int32_t, SockInfo> sockets;

    void set_comm(std::string_view name) { comm.assign(name.substr(0, kCommLength)); }
    // The socket `fd` is, as its decoration names it (which the table then keeps) or as the table
    // knows it; nullopt when it is no socket (a decoration naming a file forgets the fd).
    std::optional<SockInfo> socket_of(int32_t fd, std::string_view decoration);
};

class FdTable {
public:
    // The process the thread `tid` belongs to, made when first seen.
    Process& process_of(uint32_t tid);
    bool is_thread(uint32_t tid) const { return tgid_of_.count(tid) > 0; }
    void add_thread(uint32_t tid, uint32_t tgid) { tgid_of_[tid] = tgid; }
    // The process seen so far as pid 0 (lines without a pid prefix) turns out to be `pid`.
    void name_unnamed(uint32_t pid);

    // A successful call that is not recorded but changes what an fd or a pid is: dup, dup2,
    // dup3, fcntl (F_DUPFD), getsockname, clone, clone3, fork, vfork. `tree` holds its parsed
    // arguments, `args` their text. False when they are not what the call takes.
    bool track(std::string_view name, Process& process, const CallResult& result, const ArgTree& tree,
               std::string_view args);

private:
    std::unordered_map<uint32_t, uint32_t> tgid_of_;
    std::unordered_map<uint32_t, Process> processes_;
};

}  // namespace ntpscope::import::strace
