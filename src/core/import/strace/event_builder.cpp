#include "core/import/strace/event_builder.hpp"

#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>

#include <algorithm>

#include "core/import/strace/decode.hpp"
#include "core/import/strace/syntax.hpp"
#include "core/kabi/linux_names.hpp"

namespace ntpscope::import::strace {

namespace {

using kabi::Table;

// Enough for a daemon's start-up (sockets, binds, first packets) before its second thread.
constexpr size_t kHeldEvents = 4096;

// Calls that are not recorded but change what an fd or a pid is.
constexpr std::string_view kTracked[] = {"dup",   "dup2",  "dup3",   "fcntl",  "fcntl64", "getsockname",
                                         "clone", "clone3", "fork",  "vfork",  "execve",  "execveat"};

std::optional<Syscall> recorded(std::string_view name) {
    auto syscall = parse_syscall(name);
    // exec and exit are pseudo-calls of the model; strace reports them as execve and "+++".
    if (!syscall || *syscall == Syscall::exec || *syscall == Syscall::exit) return std::nullopt;
    return syscall;
}

bool tracked(std::string_view name) {
    return std::find(std::begin(kTracked), std::end(kTracked), name) != std::end(kTracked);
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

bool EventBuilder::wanted(std::string_view name) { return recorded(name) || tracked(name); }

bool EventBuilder::call(uint32_t tid, int64_t t, bool resumed, std::string_view text) {
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
    int64_t returned = t;
    if (!resumed && !(syscall && is_send(*syscall))) returned += result->duration;
    Process& process = table_.process_of(tid);
    if (syscall) return record(*syscall, process, tid, returned, *result);
    if (result->err != 0 || result->ret < 0) return true;  // a failed call changes nothing
    if (name == "execve" || name == "execveat") return exec(name, process, t);
    return table_.track(name, process, *result, tree_, args.substr(0, *args_end));
}

bool EventBuilder::exec(std::string_view name, Process& process, int64_t t) {
    std::vector<uint8_t> path;
    if (!Decoder(tree_).append_string(tree_.arg(name == "execve" ? 0 : 1), path)) return false;
    std::string_view program(reinterpret_cast<const char*>(path.data()), path.size());
    process.set_comm(program.substr(program.rfind('/') + 1));
    Event& event = begin_event(Syscall::exec, process, process.tgid, t, CallResult{});
    emit_single(event);
    return true;
}

void EventBuilder::exit(uint32_t tid, int64_t t, std::string_view body) {
    // "+++ exited with 0 +++" / "+++ killed by SIGKILL (core dumped) +++"
    Process& process = table_.process_of(tid);
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
    Event& event = begin_event(Syscall::exit, process, tid, t, result);
    emit_single(event);
}

void EventBuilder::dump_line(DumpLine kind, std::string_view line) {
    if (pending_count_ == 0) return;  // a dump of a call that is not recorded
    if (kind == DumpLine::vector) {
        dump_message_ = std::min<size_t>(dump_vector_index(line).value_or(0), pending_count_ - 1);
    } else if (kind == DumpLine::bytes) {
        dump_bytes(line, dumps_[dump_message_]);
    }
}

std::optional<int32_t> EventBuilder::fd_arg(size_t index) const { return Decoder(tree_).fd(tree_.arg(index)); }

Event& EventBuilder::begin_event(Syscall syscall, const Process& process, uint32_t tid, int64_t t,
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

void EventBuilder::emit_single(Event& event) {
    flush_pending();
    deliver(event);
}

void EventBuilder::flush_pending() {
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

void EventBuilder::deliver(const Event& event) {
    if (holding_ && event.pid == 0) {
        held_.push_back(event);
        if (held_.size() >= kHeldEvents) release_held();
        return;
    }
    release_held();
    emit_(event);
}

void EventBuilder::release_held() {
    holding_ = false;
    for (const Event& event : held_) emit_(event);
    held_.clear();
    held_.shrink_to_fit();
}

void EventBuilder::name_held(uint32_t pid) {
    for (Event& event : held_) {
        event.pid = pid;
        if (event.tid == 0) event.tid = pid;
    }
    release_held();
}

bool EventBuilder::record(Syscall syscall, Process& process, uint32_t tid, int64_t t, const CallResult& result) {
    if (is_batch(syscall)) return batch(syscall, process, tid, t, result);
    Decoder decode(tree_);
    bool ok = result.err == 0;
    if (is_datagram(syscall)) {
        auto fd = fd_arg(0);
        if (!fd) return false;
        Event& event = begin_event(syscall, process, tid, t, result);
        event.fd = *fd;
        event.sock = process.socket_of(*fd, tree_[tree_.arg(0)].decoration);
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
            event.sock = process.socket_of(*fd, tree_[tree_.arg(0)].decoration);
            break;
        }
        case Syscall::setsockopt: {
            auto fd = fd_arg(0);
            auto level = decode.symbol(tree_.arg(1), Table::sockopt_level);
            auto name = decode.symbol(tree_.arg(2), Table::sockopt_name);
            if (!fd || !level || !name) return false;
            event.fd = *fd;
            event.sock = process.socket_of(*fd, tree_[tree_.arg(0)].decoration);
            event.opt = decode.sockopt(static_cast<int32_t>(*level), static_cast<int32_t>(*name), tree_.arg(3));
            break;
        }
        case Syscall::close: {
            auto fd = fd_arg(0);
            if (!fd) return false;
            event.fd = *fd;
            event.sock = process.socket_of(*fd, tree_[tree_.arg(0)].decoration);
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

uint32_t EventBuilder::msg_flags(Syscall syscall) const {
    // The flags argument: recvmsg/sendmsg(fd, msg, flags), the others have it fourth.
    int32_t node = tree_.arg(syscall == Syscall::recvmsg || syscall == Syscall::sendmsg ? 2 : 3);
    if (!tree_.is(node, NodeKind::scalar)) return 0;
    return static_cast<uint32_t>(parse_flags(Table::msg_flags, tree_[node].text).value_or(0));
}

void EventBuilder::datagram(Syscall syscall, Event& event) {
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

bool EventBuilder::batch(Syscall syscall, Process& process, uint32_t tid, int64_t t, const CallResult& result) {
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
        event.sock = process.socket_of(*fd, decoration);
        event.flags = msg_flags(syscall);
        event.omitted = static_cast<uint32_t>(messages);
        return true;
    }
    for (size_t i = 0; i < printed; ++i) {
        int32_t message = tree_.child(vector, i);
        Event& event = begin_event(syscall, process, tid, t, result, i);
        event.fd = *fd;
        event.sock = process.socket_of(*fd, decoration);
        event.flags = msg_flags(syscall);
        decode.msghdr(tree_.field(message, "msg_hdr"), event);
        auto length = decode.integer(tree_.field(message, "msg_len"));
        event.len = static_cast<uint32_t>(length.value_or(static_cast<int64_t>(event.data.size())));
        if (event.data.size() > event.len) event.data.resize(event.len);
        if (i == 0) event.omitted = static_cast<uint32_t>(messages - printed);
    }
    return true;
}

}  // namespace ntpscope::import::strace
