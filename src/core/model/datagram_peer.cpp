#include "core/model/datagram_peer.hpp"

namespace ntpscope {

SockAddr datagram_peer(const Event& e) {
    if (e.addr && e.addr->present()) return *e.addr;
    if (e.sock && e.sock->remote.present()) return e.sock->remote;
    return {};
}

}  // namespace ntpscope
