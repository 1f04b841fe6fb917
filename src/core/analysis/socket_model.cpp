#include "core/analysis/socket_model.hpp"

#include <fmt/format.h>

namespace ntpscope::analysis {

std::string_view socket_role_name(SocketRole r) {
    switch (r) {
        case SocketRole::wildcard: return "wildcard";
        case SocketRole::loopback: return "loopback";
        case SocketRole::interface: return "interface";
        case SocketRole::multicast_group: return "multicast_group";
        case SocketRole::connected: return "connected";
        case SocketRole::netlink: return "netlink";
        case SocketRole::unix_domain: return "unix";
        case SocketRole::other_port: return "other_port";
        case SocketRole::unknown: return "unknown";
    }
    return "unknown";
}

bool carries_ntp(SocketRole r) { return r != SocketRole::netlink && r != SocketRole::unix_domain; }

std::string SocketModel::label() const {
    const std::string_view role_text = socket_role_name(role);
    if (role == SocketRole::connected)
        return fmt::format("{} {}->{}", role_text, local.present() ? local.ip_string() : "*",
                           remote.to_string());
    if (local.present()) return fmt::format("{} {}", role_text, local.to_string());
    if (!fds.empty()) return fmt::format("{} fd {}", role_text, fds.front());
    return std::string(role_text);
}

}  // namespace ntpscope::analysis
