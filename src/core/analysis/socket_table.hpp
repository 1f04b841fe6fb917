// Sockets of one host, merged by what they are for (role + address) rather than by fd or
// inode: fd numbers differ between hosts, and chronyd opens a new socket for every request.
#pragma once

#include <map>
#include <optional>
#include <vector>

#include "core/analysis/socket_model.hpp"
#include "core/model/event.hpp"

namespace ntpscope::analysis {

SocketRole classify_socket(const std::optional<SockInfo>& sock, uint16_t ntp_port);

class SocketTable {
public:
    explicit SocketTable(uint16_t ntp_port) : ntp_port_(ntp_port) {}

    // The entry for the socket an event used (created on first use).
    SocketModel& entry(const Event& event);
    // An entry keyed by the bound address (a bind call carries it in `addr`).
    SocketModel& entry_for_bind(const Event& event);

    // Notes a peer seen on the socket (IP only, bounded list).
    static void add_peer(SocketModel& socket, const SockAddr& peer);

    std::vector<SocketModel> take();

private:
    struct Key {
        SocketRole role;
        uint16_t family;
        SockAddr local;
        SockAddr remote;
        uint32_t pid;
        int32_t fd;  // only for sockets without an address (netlink, unix, unknown)
        auto operator<=>(const Key&) const = default;
    };
    struct Slot {
        SocketModel model;
        uint64_t last_id = 0;
    };

    SocketModel& lookup(const std::optional<SockInfo>& sock, const Event& event);

    uint16_t ntp_port_;
    std::map<Key, Slot> slots_;
    // The slot found last: most events use the socket the one before used.
    std::optional<std::map<Key, Slot>::iterator> last_;
    std::optional<Slot> overflow_;
};

}  // namespace ntpscope::analysis
