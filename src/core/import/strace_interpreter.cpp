#include "core/import/strace_interpreter.hpp"

#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>

#include <algorithm>

#include "core/import/linux_names.hpp"
#include "core/import/strace_decode.hpp"
#include "core/import/strace_syntax.hpp"

namespace ntpscope::strace {

namespace {

using linux_names::Table;

constexpr std::string_view kUnfinished = "<unfinished ...>";
constexpr std::string_view kResumedPrefix = "<... ";
constexpr std::string_view kResumedSuffix = " resumed>";
constexpr std::string_view kStraceMessage = "strace: ";
constexpr std::string_view kAttached = "strace: Process ";
constexpr size_t kCommLength = 15;  // TASK_COMM_LEN - 1
// Enough for a daemon's start-up (sockets, binds, first packets) before its second thread.
constexpr size_t kHeldEvents = 4096;

// Calls that are not recorded but change what an fd or a pid is.
constexpr std::string_view kTracked[] = {"dup",   "dup2",  "dup3",   "fcntl",  "fcntl64", "getsockname",
                                         "clone", "clone3", "fork",  "vfork",  "execve",  "execveat"};

std::string_view call_name(std::string_view body) {
    size_t end = 0;
    while (end < body.size() && is_ident_char(body[end])) ++end;
    return body.substr(0, end);
}

std::optional<Syscall> recorded(std::string_view name) {
    auto syscall = parse_syscall(name);
    // exec and exit are pseudo-calls of the model; strace reports them as execve and "+++".
    if (!syscall || *syscall == Syscall::exec || *syscall == Syscall::exit) return std::nullopt;
    return syscall;
}

bool tracked(std::string_view name) {
    return std::find(std::begin(kTracked), std::end(kTracked), name) != std::end(kTracked);
}

bool ends_with(std::string_view text, std::string_view suffix) {
    return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

std::string_view trim_right(std::string_view text) {
    while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
    return text;
}

// Merges what a -y/-yy decoration names into what is known about the socket.
void merge(SockInfo& known, const SockInfo& named) {
    if (named.family) known.family = named.family;
    if (named.type) known.type = named.type;
    if (named.local.present()) known.local = named.local;
    if (named.remote.present()) known.remote = named.remote;
    if (named.id) known.id = named.id;
}

void reset(Event& event) {
    std::vector<uint8_t> data = std::move(event.data);
    std::string comm = std::move(event.comm);
    data.clear();
    comm.clear();
    event = Event{};
    event.data = std::move(data);
    event.comm = std::move(comm);
}

int signal_number(std::string_view name) {
    for (int sig = 1; sig < 65; ++sig) {
        const char* abbrev = sigabbrev_np(sig);
        if (abbrev && name.size() > 3 && name.substr(3) == abbrev) return sig;
    }
    return 0;
}

}  // namespace

bool is_event_line(std::string_view body) {
    if (body.starts_with("--- ") || body.starts_with("+++ ") || body.starts_with(kResumedPrefix)) return true;
    std::string_view name = call_name(body);
    if (name.empty() || name.size() >= body.size() || body[name.size()] != '(' || is_digit(name[0])) return false;
    if (ends_with(trim_right(body), kUnfinished)) return true;
    size_t equals = body.rfind(" = ");
    if (equals == std::string_view::npos) return false;
    std::string_view before = trim_right(body.substr(0, equals));
    return !before.empty() && before.back() == ')';
}

Interpreter::Interpreter(Clock& clock, uint32_t default_pid, Emit emit)
    : clock_(clock), unprefixed_pid_(default_pid), holding_(default_pid == 0), emit_(std::move(emit)) {}

Interpreter::Line Interpreter::feed(std::string_view line) {
    if (trim_right(line).empty()) return Line::blank;
    if (DumpLine kind = dump_line_kind(line); kind != DumpLine::none) {
        dump_line(kind, line);
        return Line::understood;
    }
    flush_pending();
    LineHead head = split_head(line);
    std::string_view body = head.body;
    if (!is_event_line(body)) {
        // strace's own messages, sometimes printed into the middle of a call's line.
        size_t at = body.find(kStraceMessage);
        if (at == std::string_view::npos) return Line::unknown;
        strace_message(head, body, at);
        return at == 0 ? Line::understood : Line::unknown;
    }
    seen_event_line_ = true;
    if (head.tid && unprefixed_pid_ == 0) adopt_main_pid(*head.tid);
    if (!head.comm.empty()) process_of(tid_of(head)).comm.assign(head.comm.substr(0, kCommLength));
    if (body.starts_with("--- ")) {
        clock_.at(head.time_kind, head.time);
        return Line::understood;
    }
    if (body.starts_with("+++ ")) {
        clock_.at(head.time_kind, head.time);
        exit_line(head, body);
        return Line::understood;
    }
    if (body.starts_with(kResumedPrefix)) return resumed_line(head, body);
    return call_line(head, body);
}

void Interpreter::finish() {
    flush_pending();
    release_held();
}

void Interpreter::strace_message(const LineHead& head, std::string_view body, size_t at) {
    // "strace: Process 123 attached": before any call, the -p target; later, a new thread or child.
    std::string_view message = body.substr(at);
    if (!message.starts_with(kAttached)) return;
    message.remove_prefix(kAttached.size());
    auto pid = parse_int(message.substr(0, message.find(' ')));
    if (!pid || *pid <= 0 || *pid > UINT32_MAX || message.find(" attached") == std::string_view::npos) return;
    auto tid = static_cast<uint32_t>(*pid);
    if (!seen_event_line_) {
        if (unprefixed_pid_ == 0) unprefixed_pid_ = tid;
        holding_ = false;
        return;
    }
    children_.push_back(tid);
    // The clone that made it, cut off by the message: "clone3({flags=...|CLONE_THREAD|...}strace: ..."
    std::string_view call = body.substr(0, at);
    if (call.starts_with("clone") && call.find("CLONE_THREAD") != std::string_view::npos)
        tgid_of_[tid] = process_of(tid_of(head)).tgid;
}

void Interpreter::adopt_main_pid(uint32_t tid) {
    if (std::find(children_.begin(), children_.end(), tid) != children_.end() || tgid_of_.count(tid)) return;
    unprefixed_pid_ = tid;
    for (Event& event : held_) {
        event.pid = tid;
        if (event.tid == 0) event.tid = tid;
    }
    release_held();
    auto unknown = processes_.find(0);
    if (unknown == processes_.end()) return;
    Process main = std::move(unknown->second);
    processes_.erase(unknown);
    main.tgid = tid;
    processes_[tid] = std::move(main);
    for (auto& [thread, tgid] : tgid_of_)
        if (tgid == 0) tgid = tid;
}

void Interpreter::deliver(const Event& event) {
    if (holding_ && event.pid == 0) {
        held_.push_back(event);
        if (held_.size() >= kHeldEvents) release_held();
        return;
    }
    release_held();
    emit_(event);
}

void Interpreter::release_held() {
    holding_ = false;
    for (const Event& event : held_) emit_(event);
    held_.clear();
    held_.shrink_to_fit();
}

Interpreter::Line Interpreter::call_line(const LineHead& head, std::string_view body) {
    int64_t t = clock_.at(head.time_kind, head.time);
    std::string_view name = call_name(body);
    bool wanted = recorded(name) || tracked(name);
    std::string_view trimmed = trim_right(body);
    if (ends_with(trimmed, kUnfinished)) {
        if (!wanted) return Line::understood;
        uint32_t tid = tid_of(head);
        auto it = std::find_if(unfinished_.begin(), unfinished_.end(), [&](const Unfinished& u) { return u.tid == tid; });
        if (it == unfinished_.end()) it = unfinished_.insert(unfinished_.end(), Unfinished{});
        it->tid = tid;
        it->call.assign(trimmed.substr(0, trimmed.size() - kUnfinished.size()));
        return Line::understood;
    }
    if (!wanted) return Line::understood;
    return decode_call(tid_of(head), t, false, body) ? Line::understood : Line::unknown;
}

Interpreter::Line Interpreter::resumed_line(const LineHead& head, std::string_view body) {
    int64_t t = clock_.at(head.time_kind, head.time);
    size_t end = body.find(kResumedSuffix);
    if (end == std::string_view::npos) return Line::unknown;
    std::string_view name = body.substr(kResumedPrefix.size(), end - kResumedPrefix.size());
    std::string_view rest = body.substr(end + kResumedSuffix.size());
    uint32_t tid = tid_of(head);
    auto it = std::find_if(unfinished_.begin(), unfinished_.end(), [&](const Unfinished& u) { return u.tid == tid; });
    bool wanted = recorded(name) || tracked(name);
    if (it == unfinished_.end() || call_name(it->call) != name) return wanted ? Line::unknown : Line::understood;
    Unfinished started = std::move(*it);
    unfinished_.erase(it);
    // "<... recvmsg resumed> <unfinished ...>) = ?": the process went away inside the call.
    if (rest.find(kUnfinished) != std::string_view::npos) return Line::understood;
    joined_.assign(started.call);
    joined_.append(rest);
    return decode_call(tid, t, true, joined_) ? Line::understood : Line::unknown;
}

void Interpreter::exit_line(const LineHead& head, std::string_view body) {
    // "+++ exited with 0 +++" / "+++ killed by SIGKILL (core dumped) +++"
    uint32_t tid = tid_of(head);
    Process& process = process_of(tid);
    if (process.tgid != tid) return;  // a thread ended, not the process
    CallResult result;
    constexpr std::string_view kExited = "+++ exited with ";
    constexpr std::string_view kKilled = "+++ killed by ";
    if (body.starts_with(kExited)) {
        std::string_view code = body.substr(kExited.size());
        result.ret = parse_int(code.substr(0, code.find(' '))).value_or(0);
    } else if (body.starts_with(kKilled)) {
        std::string_view signal = body.substr(kKilled.size());
        result.ret = 128 + signal_number(signal.substr(0, signal.find(' ')));
    } else {
        return;
    }
    Event& event = begin_event(Syscall::exit, process, tid, clock_.at(TimeKind::none, 0), result);
    emit_single(event);
}

void Interpreter::dump_line(DumpLine kind, std::string_view line) {
    if (pending_count_ == 0) return;  // a dump of a call that is not recorded
    if (kind == DumpLine::vector) {
        dump_message_ = std::min<size_t>(dump_vector_index(line).value_or(0), pending_count_ - 1);
    } else if (kind == DumpLine::bytes) {
        dump_bytes(line, dumps_[dump_message_]);
    }
}

Interpreter::Process& Interpreter::process_of(uint32_t tid) {
    auto known = tgid_of_.find(tid);
    uint32_t tgid = known == tgid_of_.end() ? tid : known->second;
    Process& process = processes_[tgid];
    process.tgid = tgid;
    return process;
}

std::optional<int32_t> Interpreter::fd_arg(size_t index) const {
    int32_t node = tree_.arg(index);
    if (!tree_.is(node, NodeKind::scalar)) return std::nullopt;
    auto fd = parse_int(tree_[node].text);
    if (!fd || *fd < -1 || *fd > INT32_MAX) return std::nullopt;
    return static_cast<int32_t>(*fd);
}

std::optional<SockInfo> Interpreter::socket_of(Process& process, int32_t fd, std::string_view decoration) {
    auto known = process.sockets.find(fd);
    if (auto named = decode_fd_decoration(decoration)) {
        if (!named->socket) {
            if (known != process.sockets.end()) process.sockets.erase(known);
            return std::nullopt;
        }
        SockInfo& info = process.sockets[fd];
        merge(info, named->info);
        return info;
    }
    if (known == process.sockets.end()) return std::nullopt;
    return known->second;
}

Event& Interpreter::begin_event(Syscall syscall, const Process& process, uint32_t tid, int64_t t,
                                const CallResult& result, size_t index) {
    Event* event = &single_;
    if (is_datagram(syscall)) {
        if (index == 0) flush_pending();
        if (pending_.size() <= index) pending_.resize(index + 1);
        if (dumps_.size() <= index) dumps_.resize(index + 1);
        dumps_[index].clear();
        pending_count_ = index + 1;
        dump_message_ = 0;
        event = &pending_[index];
    }
    reset(*event);
    event->t = t;
    event->pid = process.tgid;
    event->tid = tid;
    event->comm = process.comm;
    event->syscall = syscall;
    event->ret = result.err ? -result.err : result.ret;  // as the kernel returned it
    event->err = result.err;
    event->msg_index = static_cast<uint32_t>(index);
    return *event;
}

void Interpreter::emit_single(Event& event) {
    flush_pending();
    deliver(event);
}

void Interpreter::flush_pending() {
    for (size_t i = 0; i < pending_count_; ++i) {
        Event& event = pending_[i];
        std::vector<uint8_t>& dump = dumps_[i];
        // The dump holds the whole buffer where the string was cut by -s.
        if (dump.size() > event.data.size()) {
            if (dump.size() > event.len && event.len > 0) dump.resize(event.len);
            event.data.swap(dump);
        }
        deliver(event);
    }
    pending_count_ = 0;
}

bool Interpreter::decode_call(uint32_t tid, int64_t t, bool resumed, std::string_view text) {
    size_t paren = text.find('(');
    if (paren == std::string_view::npos) return false;
    std::string_view name = text.substr(0, paren);
    std::string_view args = text.substr(paren + 1);
    auto args_end = tree_.parse(args);
    if (!args_end) return false;
    auto result = parse_result(args.substr(*args_end));
    if (!result) return false;
    if (!result->complete) return true;  // the call never returned: nothing to record
    // Sends are stamped when the call started (nearest the daemon's own transmit timestamp),
    // everything else when it returned: a whole line's time is its start, -T adds the time
    // spent inside; a resumed line is printed on return.
    auto syscall = recorded(name);
    if (!resumed && !(syscall && is_send(*syscall))) t += result->duration;
    Process& process = process_of(tid);
    if (syscall) return record(*syscall, process, tid, t, *result);
    return track(name, process, *result, args.substr(0, *args_end));
}

bool Interpreter::record(Syscall syscall, Process& process, uint32_t tid, int64_t t, const CallResult& result) {
    if (is_batch(syscall)) return batch(syscall, process, tid, t, result);
    Decoder decode(tree_);
    bool ok = result.err == 0;
    if (is_datagram(syscall)) {
        auto fd = fd_arg(0);
        if (!fd) return false;
        Event& event = begin_event(syscall, process, tid, t, result);
        event.fd = *fd;
        event.sock = socket_of(process, *fd, tree_[tree_.arg(0)].decoration);
        datagram(syscall, event);
        return true;
    }
    Event& event = begin_event(syscall, process, tid, t, result);
    switch (syscall) {
        case Syscall::adjtimex:
            event.timex = decode.timex(tree_.arg(0));
            break;
        case Syscall::clock_adjtime:
        case Syscall::clock_settime: {
            int32_t clock = tree_.arg(0);
            if (tree_.is(clock, NodeKind::call) && tree_[clock].text == "FD_TO_CLOCKID") {
                if (auto fd = decode.integer(tree_.child(clock, 0))) event.clock = static_cast<int32_t>((~*fd << 3) | 3);
            } else if (auto id = decode.symbol(clock, Table::clock_id)) {
                event.clock = static_cast<int32_t>(*id);
            }
            if (syscall == Syscall::clock_adjtime) event.timex = decode.timex(tree_.arg(1));
            else event.set_time = decode.time_value(tree_.arg(1), 1);
            break;
        }
        case Syscall::settimeofday:
            event.set_time = decode.time_value(tree_.arg(0), 1000);
            break;
        case Syscall::socket: {
            SockInfo info;
            info.family = static_cast<uint16_t>(decode.symbol(tree_.arg(0), Table::family).value_or(0));
            info.type = static_cast<uint16_t>(decode.symbol(tree_.arg(1), Table::socket_type).value_or(0) & 0xf);
            if (ok) {
                event.fd = static_cast<int32_t>(result.ret);
                if (auto named = decode_fd_decoration(result.decoration); named && named->socket) merge(info, named->info);
                process.sockets[event.fd] = info;
            }
            event.sock = info;
            break;
        }
        case Syscall::bind:
        case Syscall::connect: {
            auto fd = fd_arg(0);
            if (!fd) return false;
            event.fd = *fd;
            int32_t addr_node = tree_.arg(1);
            event.addr = decode.sockaddr(addr_node);
            bool connected = ok || result.err == EINPROGRESS;
            if (connected && syscall == Syscall::connect && !event.addr) {
                // connect(fd, {sa_family=AF_UNSPEC}) dissolves the association.
                auto family = decode.symbol(tree_.field(addr_node, "sa_family"), Table::family);
                if (family == AF_UNSPEC) process.sockets[*fd].remote = SockAddr{};
            }
            if (connected && event.addr) {
                SockInfo& info = process.sockets[*fd];
                if (!info.family) info.family = event.addr->family;
                (syscall == Syscall::bind ? info.local : info.remote) = *event.addr;
            }
            event.sock = socket_of(process, *fd, tree_[tree_.arg(0)].decoration);
            break;
        }
        case Syscall::setsockopt: {
            auto fd = fd_arg(0);
            auto level = decode.symbol(tree_.arg(1), Table::sockopt_level);
            auto name = decode.symbol(tree_.arg(2), Table::sockopt_name);
            if (!fd || !level || !name) return false;
            event.fd = *fd;
            event.sock = socket_of(process, *fd, tree_[tree_.arg(0)].decoration);
            event.opt = decode.sockopt(static_cast<int32_t>(*level), static_cast<int32_t>(*name), tree_.arg(3));
            break;
        }
        case Syscall::close: {
            auto fd = fd_arg(0);
            if (!fd) return false;
            event.fd = *fd;
            event.sock = socket_of(process, *fd, tree_[tree_.arg(0)].decoration);
            if (ok) process.sockets.erase(*fd);
            // Only sockets matter to the model; closing files is noise.
            if (!event.sock) return true;
            break;
        }
        default:
            return false;
    }
    emit_single(event);
    return true;
}

uint32_t Interpreter::msg_flags(Syscall syscall) const {
    // The flags argument: recvmsg/sendmsg(fd, msg, flags), the others have it fourth.
    int32_t node = tree_.arg(syscall == Syscall::recvmsg || syscall == Syscall::sendmsg ? 2 : 3);
    if (!tree_.is(node, NodeKind::scalar)) return 0;
    return static_cast<uint32_t>(linux_names::parse_flags(Table::msg_flags, tree_[node].text).value_or(0));
}

void Interpreter::datagram(Syscall syscall, Event& event) {
    Decoder decode(tree_);
    event.flags = msg_flags(syscall);
    bool ok = event.err == 0 && event.ret >= 0;
    switch (syscall) {
        case Syscall::recvmsg:
        case Syscall::sendmsg:
            decode.msghdr(tree_.arg(1), event);
            break;
        case Syscall::recvfrom:
        case Syscall::sendto:
            decode.append_string(tree_.arg(1), event.data);
            event.addr = decode.sockaddr(tree_.arg(4));
            break;
        default:
            break;
    }
    if (ok) {
        event.len = static_cast<uint32_t>(event.ret);
    } else if (is_send(syscall)) {
        // A failed send still shows what it tried to send.
        auto requested = syscall == Syscall::sendto ? decode.integer(tree_.arg(2)) : std::nullopt;
        event.len = static_cast<uint32_t>(requested.value_or(static_cast<int64_t>(event.data.size())));
    } else {
        event.data.clear();
    }
    if (event.data.size() > event.len) event.data.resize(event.len);
}

bool Interpreter::batch(Syscall syscall, Process& process, uint32_t tid, int64_t t, const CallResult& result) {
    auto fd = fd_arg(0);
    if (!fd) return false;
    std::string_view decoration = tree_[tree_.arg(0)].decoration;
    int32_t vector = tree_.arg(1);
    size_t messages = result.err == 0 && result.ret > 0 ? static_cast<size_t>(result.ret) : 0;
    size_t printed = 0;
    if (tree_.is(vector, NodeKind::array))
        for (int32_t m = tree_[vector].first_child; m >= 0 && printed < messages; m = tree_[m].next)
            if (tree_.field(m, "msg_hdr") >= 0) ++printed;
    Decoder decode(tree_);
    if (printed == 0) {
        // A failed call, or one whose messages strace did not print: one event says so.
        Event& event = begin_event(syscall, process, tid, t, result);
        event.fd = *fd;
        event.sock = socket_of(process, *fd, decoration);
        event.flags = msg_flags(syscall);
        event.omitted = static_cast<uint32_t>(messages);
        return true;
    }
    for (size_t i = 0; i < printed; ++i) {
        int32_t message = tree_.child(vector, i);
        Event& event = begin_event(syscall, process, tid, t, result, i);
        event.fd = *fd;
        event.sock = socket_of(process, *fd, decoration);
        event.flags = msg_flags(syscall);
        decode.msghdr(tree_.field(message, "msg_hdr"), event);
        auto length = decode.integer(tree_.field(message, "msg_len"));
        event.len = static_cast<uint32_t>(length.value_or(static_cast<int64_t>(event.data.size())));
        if (event.data.size() > event.len) event.data.resize(event.len);
        if (i == 0) event.omitted = static_cast<uint32_t>(messages - printed);
    }
    return true;
}

bool Interpreter::track(std::string_view name, Process& process, const CallResult& result, std::string_view args) {
    if (result.err != 0 || result.ret < 0) return true;
    Decoder decode(tree_);
    auto copy_fd = [&](int32_t from, int32_t to) {
        auto source = socket_of(process, from, tree_[tree_.arg(0)].decoration);
        if (source) process.sockets[to] = *source;
        else process.sockets.erase(to);
    };
    if (name == "dup" || name == "dup2" || name == "dup3") {
        auto fd = fd_arg(0);
        if (!fd) return false;
        copy_fd(*fd, static_cast<int32_t>(result.ret));
    } else if (name == "fcntl" || name == "fcntl64") {
        auto fd = fd_arg(0);
        int32_t command = tree_.arg(1);
        if (!fd || !tree_.is(command, NodeKind::scalar)) return false;
        std::string_view cmd = tree_[command].text;
        if (cmd == "F_DUPFD" || cmd == "F_DUPFD_CLOEXEC") copy_fd(*fd, static_cast<int32_t>(result.ret));
    } else if (name == "getsockname") {
        auto fd = fd_arg(0);
        if (!fd) return false;
        if (auto local = decode.sockaddr(tree_.arg(1))) {
            SockInfo& info = process.sockets[*fd];
            if (!info.family) info.family = local->family;
            info.local = *local;
        }
    } else if (name == "execve" || name == "execveat") {
        std::vector<uint8_t> path;
        if (!decode.append_string(tree_.arg(name == "execve" ? 0 : 1), path)) return false;
        std::string_view program(reinterpret_cast<const char*>(path.data()), path.size());
        program = program.substr(program.rfind('/') + 1);
        process.comm.assign(program.substr(0, kCommLength));
        CallResult exec_result;
        Event& event = begin_event(Syscall::exec, process, process.tgid, clock_.at(TimeKind::none, 0), exec_result);
        emit_single(event);
    } else if (result.ret > 0) {  // clone, clone3, fork, vfork: the parent's view, ret = child
        auto child = static_cast<uint32_t>(result.ret);
        if (args.find("CLONE_THREAD") != std::string_view::npos) {
            tgid_of_[child] = process.tgid;
        } else {
            Process copy = process;  // a new process starts with a copy of the fd table
            copy.tgid = child;
            processes_[child] = std::move(copy);
        }
    }
    return true;
}

}  // namespace ntpscope::strace
