#include "core/analysis/peer_model.hpp"

#include <sys/socket.h>

#include <algorithm>

namespace ntpscope::analysis {

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

bool is_association(AssociationType t) { return association_type_char(t) != '-'; }

bool is_listened_to(AssociationType t) {
    return t == AssociationType::multicast || t == AssociationType::broadcast;
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

}  // namespace ntpscope::analysis
