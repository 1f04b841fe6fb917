// Interprets strace output line by line: the calls ntpscope records become Events, and the rest
// of the process's life (socket/bind/connect/close, dup/fcntl, getsockname, clone, execve) is
// tracked so that fds keep their socket identities without -yy. Handles "<unfinished ...>" /
// "<... resumed>" pairs and the -e read=/write= hex dumps that follow a call.
// This part frames the lines: whose each one is (pid prefixes, "strace: Process N attached"),
// and which whole calls they make; the fd table (fd_table.hpp) and the events
// (event_builder.hpp) are built from those.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/import/strace/clock.hpp"
#include "core/import/strace/event_builder.hpp"
#include "core/import/strace/fd_table.hpp"
#include "core/import/strace/line.hpp"

namespace ntpscope::import::strace {

// A line that strace prints for an event: a call (complete or unfinished), a resumed call,
// a signal or an exit. Cheap: it looks at the shape only.
bool is_event_line(std::string_view body);

class Interpreter {
public:
    using Emit = EventBuilder::Emit;

    // `default_pid` is used for lines without a pid prefix (0 when unknown).
    Interpreter(Clock& clock, uint32_t default_pid, Emit emit);

    enum class Line : uint8_t { blank, understood, unknown };
    Line feed(std::string_view line);
    // Emits what is still waiting for possible hex-dump lines. Call once at the end.
    void finish();

private:
    struct Unfinished {
        uint32_t tid = 0;
        std::string call;  // "recvmsg(4, " as printed before " <unfinished ...>"
    };

    Line call_line(const LineHead& head, std::string_view body);
    void strace_message(const LineHead& head, std::string_view body, size_t at);
    void adopt_main_pid(uint32_t tid);
    Line resumed_line(const LineHead& head, std::string_view body);

    uint32_t tid_of(const LineHead& head) const { return head.tid.value_or(unprefixed_pid_); }

    Clock& clock_;
    // strace writes no pid prefix while it traces a single process; when it writes its output to
    // stderr (no -o) the prefixes appear once a second thread exists. The unprefixed lines belong
    // to the process whose tid is the first prefixed one that is not a new child.
    uint32_t unprefixed_pid_;
    bool seen_event_line_ = false;
    std::vector<uint32_t> children_;  // announced by "strace: Process N attached" mid-trace
    FdTable table_;
    EventBuilder events_;
    std::vector<Unfinished> unfinished_;
    std::string joined_;  // an unfinished call and its resumption, put back together
};

}  // namespace ntpscope::import::strace
