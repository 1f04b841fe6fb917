// Interprets strace output line by line: the calls ntpscope records become Events, and the rest
// of the process's life (socket/bind/connect/close, dup/fcntl, getsockname, clone, execve) is
// tracked so that fds keep their socket identities without -yy. Handles "<unfinished ...>" /
// "<... resumed>" pairs and the -e read=/write= hex dumps that follow a call.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/import/strace_args.hpp"
#include "core/import/strace_clock.hpp"
#include "core/import/strace_line.hpp"
#include "core/model/event.hpp"

namespace ntpscope::strace {

// A line that strace prints for an event: a call (complete or unfinished), a resumed call,
// a signal or an exit. Cheap: it looks at the shape only.
bool is_event_line(std::string_view body);

class Interpreter {
public:
    using Emit = std::function<void(const Event&)>;

    // `default_pid` is used for lines without a pid prefix (0 when unknown).
    Interpreter(Clock& clock, uint32_t default_pid, Emit emit);

    enum class Line : uint8_t { blank, understood, unknown };
    Line feed(std::string_view line);
    // Emits what is still waiting for possible hex-dump lines. Call once at the end.
    void finish();

private:
    struct Process {
        uint32_t tgid = 0;
        std::string comm;
        std::unordered_map<int32_t, SockInfo> sockets;
    };
    struct Unfinished {
        uint32_t tid = 0;
        std::string call;  // "recvmsg(4, " as printed before " <unfinished ...>"
    };

    Line call_line(const LineHead& head, std::string_view body);
    void strace_message(const LineHead& head, std::string_view body, size_t at);
    void adopt_main_pid(uint32_t tid);
    Line resumed_line(const LineHead& head, std::string_view body);
    void exit_line(const LineHead& head, std::string_view body);
    void dump_line(DumpLine kind, std::string_view line);
    // `t` is the line's time: when the call began, or for a resumed call when it returned.
    bool decode_call(uint32_t tid, int64_t t, bool resumed, std::string_view text);
    bool record(Syscall syscall, Process& process, uint32_t tid, int64_t t, const CallResult& result);
    bool track(std::string_view name, Process& process, const CallResult& result, std::string_view args);
    void datagram(Syscall syscall, Event& event);
    uint32_t msg_flags(Syscall syscall) const;
    bool batch(Syscall syscall, Process& process, uint32_t tid, int64_t t, const CallResult& result);

    uint32_t tid_of(const LineHead& head) const { return head.tid.value_or(unprefixed_pid_); }
    Process& process_of(uint32_t tid);
    std::optional<int32_t> fd_arg(size_t index) const;
    std::optional<SockInfo> socket_of(Process& process, int32_t fd, std::string_view decoration);
    Event& begin_event(Syscall syscall, const Process& process, uint32_t tid, int64_t t,
                       const CallResult& result, size_t index = 0);
    void emit_single(Event& event);
    void flush_pending();
    void deliver(const Event& event);
    void release_held();

    Clock& clock_;
    // strace writes no pid prefix while it traces a single process; when it writes its output to
    // stderr (no -o) the prefixes appear once a second thread exists. The unprefixed lines belong
    // to the process whose tid is the first prefixed one that is not a new child.
    uint32_t unprefixed_pid_;
    bool seen_event_line_ = false;
    std::vector<uint32_t> children_;  // announced by "strace: Process N attached" mid-trace
    // Events of the still-unnamed process (pid 0), held back (a bounded number) so that they get
    // its pid once it is known.
    std::vector<Event> held_;
    bool holding_;
    Emit emit_;
    ArgTree tree_;
    std::unordered_map<uint32_t, uint32_t> tgid_of_;
    std::unordered_map<uint32_t, Process> processes_;
    std::vector<Unfinished> unfinished_;
    std::string joined_;  // an unfinished call and its resumption, put back together

    // Datagram events of the last call, held back until the hex dumps after it are read.
    std::vector<Event> pending_;
    size_t pending_count_ = 0;
    std::vector<std::vector<uint8_t>> dumps_;
    size_t dump_message_ = 0;
    Event single_;
};

}  // namespace ntpscope::strace
