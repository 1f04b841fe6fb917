#include "core/analysis/socket_table.hpp"

#include <sys/socket.h>

#include <algorithm>

#include "core/analysis/peer_model.hpp"
#include "core/analysis/tuning.hpp"

namespace ntpscope::analysis {

namespace {

constexpr size_t kMaxFds = 8;
constexpr size_t kMaxPeersPerSocket = 16;

template <typename T>
void add_bounded(std::vector<T>& list, const T& item, size_t cap) {
    if (list.size() < cap && std::find(list.begin(), list.end(), item) == list.end())
        list.push_back(item);
}

}  // namespace

SocketRole classify_socket(const std::optional<SockInfo>& sock, uint16_t ntp_port) {
    if (!sock) return SocketRole::unknown;
    if (sock->family == AF_NETLINK) return SocketRole::netlink;
    if (sock->family == AF_UNIX) return SocketRole::unix_domain;
    if (sock->family != AF_INET && sock->family != AF_INET6) return SocketRole::unknown;
    if (sock->remote.present()) return SocketRole::connected;
    const SockAddr& local = sock->local;
    if (!local.present()) return SocketRole::unknown;
    if (local.port != ntp_port) return SocketRole::other_port;
    if (local.is_multicast()) return SocketRole::multicast_group;
    if (local.is_any()) return SocketRole::wildcard;
    if (local.is_loopback()) return SocketRole::loopback;
    return SocketRole::interface;
}

SocketModel& SocketTable::entry(const Event& event) { return lookup(event.sock, event); }

SocketModel& SocketTable::entry_for_bind(const Event& event) {
    std::optional<SockInfo> sock = event.sock;
    if (event.addr && event.addr->present()) {
        if (!sock) {
            sock.emplace();
            sock->family = event.addr->family;
            sock->type = SOCK_DGRAM;
        }
        sock->local = *event.addr;
    }
    return lookup(sock, event);
}

SocketModel& SocketTable::lookup(const std::optional<SockInfo>& sock, const Event& event) {
    const SocketRole role = classify_socket(sock, ntp_port_);
    Key key{role, sock ? sock->family : uint16_t{0}, {}, {}, 0, -1};
    switch (role) {
        case SocketRole::connected:
            // One entry per server for chronyd's per-request sockets: the ephemeral port goes.
            key.local = sock->local.without_port();
            key.remote = sock->remote;
            break;
        case SocketRole::netlink:
        case SocketRole::unix_domain:
        case SocketRole::unknown:
            key.pid = event.pid;
            key.fd = event.fd;
            break;
        default:
            key.local = sock->local;
            break;
    }

    Slot* slot = nullptr;
    auto it = last_ && (*last_)->first == key ? *last_ : slots_.find(key);
    if (it != slots_.end()) {
        slot = &it->second;
        last_ = it;
    } else if (slots_.size() < kMaxSockets) {
        slot = &slots_[key];
        slot->model.role = role;
        slot->model.family = key.family;
        slot->model.type = sock ? sock->type : uint16_t{0};
        slot->model.local = role == SocketRole::connected ? key.local : (sock ? sock->local : SockAddr{});
        slot->model.remote = key.remote;
        slot->model.first_t = event.t;
    } else {
        if (!overflow_) {
            overflow_.emplace();
            overflow_->model.first_t = event.t;
        }
        slot = &*overflow_;
    }

    SocketModel& model = slot->model;
    const uint64_t id = sock ? sock->id : 0;
    if (model.instances == 0 || (id != 0 && id != slot->last_id)) ++model.instances;
    slot->last_id = id;
    if (event.fd >= 0) add_bounded(model.fds, event.fd, kMaxFds);
    model.last_t = event.t;
    return model;
}

void SocketTable::add_peer(SocketModel& socket, const SockAddr& peer) {
    const SockAddr key = peer_key(peer);
    if (std::find(socket.peers.begin(), socket.peers.end(), key) != socket.peers.end()) return;
    if (socket.peers.size() < kMaxPeersPerSocket) socket.peers.push_back(key);
    else ++socket.more_peers;
}

std::vector<SocketModel> SocketTable::take() {
    std::vector<SocketModel> out;
    out.reserve(slots_.size() + 1);
    for (auto& [key, slot] : slots_) out.push_back(std::move(slot.model));  // key order: role, address
    if (overflow_) out.push_back(std::move(overflow_->model));
    slots_.clear();
    last_.reset();
    overflow_.reset();
    return out;
}

}  // namespace ntpscope::analysis
