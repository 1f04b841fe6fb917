#include "core/analysis/host_model.hpp"

#include <sys/socket.h>

#include <algorithm>

#include <fmt/format.h>

namespace ntpscope::analysis {

std::string_view direction_name(Direction d) { return d == Direction::sent ? "sent" : "received"; }

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

std::string_view association_type_name(AssociationType t) {
    switch (t) {
        case AssociationType::unicast: return "unicast";
        case AssociationType::multicast: return "multicast";
        case AssociationType::broadcast: return "broadcast";
        case AssociationType::symmetric: return "symmetric";
        case AssociationType::served_client: return "served_client";
        case AssociationType::control_only: return "control_only";
        case AssociationType::none: return "none";
    }
    return "none";
}

char association_type_char(AssociationType t) {
    switch (t) {
        case AssociationType::unicast: return 'u';
        case AssociationType::multicast: return 'm';
        case AssociationType::broadcast: return 'b';
        case AssociationType::symmetric: return 's';
        default: return '-';
    }
}

std::string_view peer_example_name(PeerExample k) {
    switch (k) {
        case PeerExample::request_sent: return "request_sent";
        case PeerExample::reply_received: return "reply_received";
        case PeerExample::unanswered_request: return "unanswered_request";
        case PeerExample::unmatched_reply: return "unmatched_reply";
        case PeerExample::broadcast_received: return "broadcast_received";
        case PeerExample::request_received: return "request_received";
        case PeerExample::reply_sent: return "reply_sent";
        case PeerExample::kiss_of_death: return "kiss_of_death";
        case PeerExample::crypto_nak: return "crypto_nak";
        case PeerExample::control: return "control";
        case PeerExample::not_ntp: return "not_ntp";
        case PeerExample::count_: break;
    }
    return "unknown";
}

std::string_view clock_state_name(ClockState s) {
    switch (s) {
        case ClockState::ok: return "TIME_OK";
        case ClockState::ins: return "TIME_INS";
        case ClockState::del: return "TIME_DEL";
        case ClockState::oop: return "TIME_OOP";
        case ClockState::wait: return "TIME_WAIT";
        case ClockState::error: return "TIME_ERROR";
    }
    return "TIME_ERROR";
}

std::string_view note_code_name(NoteCode c) {
    switch (c) {
        case NoteCode::lost_events: return "lost_events";
        case NoteCode::no_footer: return "no_footer";
        case NoteCode::event_count: return "event_count";
        case NoteCode::omitted_messages: return "omitted_messages";
        case NoteCode::truncated_payloads: return "truncated_payloads";
        case NoteCode::reader_warnings: return "reader_warnings";
        case NoteCode::short_trace: return "short_trace";
        case NoteCode::too_many_peers: return "too_many_peers";
        case NoteCode::no_ntp: return "no_ntp";
    }
    return "unknown";
}

SockAddr peer_key(const SockAddr& address) {
    SockAddr key = address.without_port();
    if (key.family == AF_INET6 && key.is_v4()) {
        // v4-mapped: the same peer whether a dual-stack socket or an IPv4 socket saw it.
        SockAddr v4;
        v4.family = AF_INET;
        std::copy(key.ip.begin() + 12, key.ip.end(), v4.ip.begin());
        return v4;
    }
    return key;
}

const PeerModel* HostModel::find_peer(const SockAddr& address) const {
    const SockAddr key = peer_key(address);
    auto it = std::find_if(peers.begin(), peers.end(),
                           [&](const PeerModel& p) { return p.address == key; });
    return it == peers.end() ? nullptr : &*it;
}

bool HostModel::has_note(NoteCode c) const {
    return std::any_of(notes.begin(), notes.end(), [&](const Note& n) { return n.code == c; });
}

}  // namespace ntpscope::analysis
