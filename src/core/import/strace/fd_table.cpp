#include "core/import/strace/fd_table.hpp"

#include "core/import/strace/decode.hpp"

namespace ntpscope::import::strace {

void merge(SockInfo& known, const SockInfo& named) {
    if (named.family) known.family = named.family;
    if (named.type) known.type = named.type;
    if (named.local.present()) known.local = named.local;
    if (named.remote.present()) known.remote = named.remote;
    if (named.id) known.id = named.id;
}

std::optional<SockInfo> Process::socket_of(int32_t fd, std::string_view decoration) {
    auto known = sockets.find(fd);
    if (auto named = decode_fd_decoration(decoration)) {
        if (!named->socket) {
            if (known != sockets.end()) sockets.erase(known);
            return std::nullopt;
        }
        SockInfo& info = sockets[fd];
        merge(info, named->info);
        return info;
    }
    if (known == sockets.end()) return std::nullopt;
    return known->second;
}

Process& FdTable::process_of(uint32_t tid) {
    auto known = tgid_of_.find(tid);
    uint32_t tgid = known == tgid_of_.end() ? tid : known->second;
    Process& process = processes_[tgid];
    process.tgid = tgid;
    return process;
}

void FdTable::name_unnamed(uint32_t pid) {
    auto unknown = processes_.find(0);
    if (unknown == processes_.end()) return;
    Process main = std::move(unknown->second);
    processes_.erase(unknown);
    main.tgid = pid;
    processes_[pid] = std::move(main);
    for (auto& [thread, tgid] : tgid_of_)
        if (tgid == 0) tgid = pid;
}

bool FdTable::track(std::string_view name, Process& process, const CallResult& result, const ArgTree& tree,
                    std::string_view args) {
    Decoder decode(tree);
    auto fd = decode.fd(tree.arg(0));
    auto copy_fd = [&](int32_t from, int32_t to) {
        auto source = process.socket_of(from, tree[tree.arg(0)].decoration);
        if (source) process.sockets[to] = *source;
        else process.sockets.erase(to);
    };
    if (name == "dup" || name == "dup2" || name == "dup3") {
        if (!fd) return false;
        copy_fd(*fd, static_cast<int32_t>(result.ret));
    } else if (name == "fcntl" || name == "fcntl64") {
        int32_t command = tree.arg(1);
        if (!fd || !tree.is(command, NodeKind::scalar)) return false;
        std::string_view cmd = tree[command].text;
        if (cmd == "F_DUPFD" || cmd == "F_DUPFD_CLOEXEC") copy_fd(*fd, static_cast<int32_t>(result.ret));
    } else if (name == "getsockname") {
        if (!fd) return false;
        if (auto local = decode.sockaddr(tree.arg(1))) {
            SockInfo& info = process.sockets[*fd];
            if (!info.family) info.family = local->family;
            info.local = *local;
        }
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

}  // namespace ntpscope::import::strace
