// Builds Events from whole strace calls (an unfinished call already joined with its
// resumption): decodes the calls ntpscope records, keeps the fd table up to date through the
// others, puts the -e read=/write= hex dumps that follow a datagram call into its events, and
// holds back the events of a process whose pid is not known yet.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

#include "core/import/strace/args.hpp"
#include "core/import/strace/fd_table.hpp"
#include "core/import/strace/line.hpp"
#include "core/model/event.hpp"

namespace ntpscope::import::strace {

class EventBuilder {
public:
    using Emit = std::function<void(const Event&)>;

    // `hold`: hold back the events of pid 0 until name_held() says who it is.
    EventBuilder(FdTable& table, Emit emit, bool hold) : table_(table), holding_(hold), emit_(std::move(emit)) {}

    // The calls that matter: those recorded and those that change what an fd or a pid is.
    static bool wanted(std::string_view name);

    // `text` is "name(args) = result"; `t` is the line's time: when the call began, or for a
    // resumed call when it returned. False when the call is not understood.
    bool call(uint32_t tid, int64_t t, bool resumed, std::string_view text);
    // "+++ exited with 0 +++" / "+++ killed by SIGKILL (core dumped) +++" at `t`.
    void exit(uint32_t tid, int64_t t, std::string_view body);
    void dump_line(DumpLine kind, std::string_view line);
    // Sends the datagram events of the last call, when no more hex dumps can follow it.
    void flush_pending();
    // The held-back events are those of `pid`: they get it and go out.
    void name_held(uint32_t pid);
    // Stops holding events back and sends those held.
    void release_held();

private:
    bool record(Syscall syscall, Process& process, uint32_t tid, int64_t t, const CallResult& result);
    bool exec(std::string_view name, Process& process, int64_t t);
    void datagram(Syscall syscall, Event& event);
    uint32_t msg_flags(Syscall syscall) const;
    bool batch(Syscall syscall, Process& process, uint32_t tid, int64_t t, const CallResult& result);

    std::optional<int32_t> fd_arg(size_t index) const;
    Event& begin_event(Syscall syscall, const Process& process, uint32_t tid, int64_t t,
                       const CallResult& result, size_t index = 0);
    void emit_single(Event& event);
    void deliver(const Event& event);

    FdTable& table_;
    // Events of the still-unnamed process (pid 0), held back (a bounded number) so that they get
    // its pid once it is known.
    std::vector<Event> held_;
    bool holding_;
    Emit emit_;
    ArgTree tree_;

    // Datagram events of the last call, held back until the hex dumps after it are read.
    std::vector<Event> pending_;
    size_t pending_count_ = 0;
    std::vector<std::vector<uint8_t>> dumps_;
    size_t dump_message_ = 0;
    Event single_;
};

}  // namespace ntpscope::import::strace
