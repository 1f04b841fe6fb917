#include "core/import/strace/decode.hpp"

#include <netinet/in.h>
#include <sys/socket.h>

#include "core/import/strace/syntax.hpp"
#include "core/kabi/kabi.hpp"
#include "core/kabi/layout.hpp"
#include "core/kabi/raw.hpp"

namespace ntpscope::import::strace {

namespace {

using kabi::Table;

namespace layout = kabi::layout;

struct Protocol {
    std::string_view name;
    uint16_t family;
    uint16_t type;
};

// How strace -yy names socket protocols (from sock_diag).
constexpr Protocol kProtocols[] = {
    {"UDP", AF_INET, SOCK_DGRAM},      {"UDPv6", AF_INET6, SOCK_DGRAM},
    {"UDPLITE", AF_INET, SOCK_DGRAM},  {"UDPLITEv6", AF_INET6, SOCK_DGRAM},
    {"TCP", AF_INET, SOCK_STREAM},     {"TCPv6", AF_INET6, SOCK_STREAM},
    {"RAW", AF_INET, SOCK_RAW},        {"RAWv6", AF_INET6, SOCK_RAW},
    {"UNIX", AF_UNIX, 0},              {"UNIX-STREAM", AF_UNIX, SOCK_STREAM},
    {"UNIX-DGRAM", AF_UNIX, SOCK_DGRAM}, {"UNIX-SEQPACKET", AF_UNIX, SOCK_SEQPACKET},
    {"NETLINK", AF_NETLINK, 0},        {"PACKET", AF_PACKET, 0},
};

std::optional<uint64_t> all_digits(std::string_view text) {
    if (text.empty()) return std::nullopt;
    for (char c : text)
        if (!is_digit(c)) return std::nullopt;
    auto value = parse_int(text);
    if (!value) return std::nullopt;
    return static_cast<uint64_t>(*value);
}

bool is_timestamp_type(int64_t type) {
    return type == layout::kScmTimestampOld || type == layout::kScmTimestampNsOld ||
           type == layout::kScmTimestampingOld || type == layout::kScmTimestampNew ||
           type == layout::kScmTimestampNsNew || type == layout::kScmTimestampingNew;
}

}  // namespace

std::optional<FdDecoration> decode_fd_decoration(std::string_view text) {
    if (text.empty()) return std::nullopt;
    FdDecoration result;
    size_t open = text.find(":[");
    if (open == std::string_view::npos || text.back() != ']') return result;  // a path, ...
    std::string_view protocol = text.substr(0, open);
    std::string_view inside = text.substr(open + 2, text.size() - open - 3);
    if (protocol == "socket") {
        result.socket = true;
    } else {
        for (const Protocol& p : kProtocols) {
            if (p.name == protocol) {
                result.socket = true;
                result.info.family = p.family;
                result.info.type = p.type;
            }
        }
        if (!result.socket) return result;  // pipe:[..], anon_inode:[..]
    }
    // "12345", "ROUTE:12345" (netlink), "10.0.0.5:123", "10.0.0.5:123->10.0.0.1:123",
    // "[::1]:123->[::1]:456", "12345->12346" (unix pairs).
    std::string_view local = inside;
    std::string_view remote;
    if (size_t arrow = inside.find("->"); arrow != std::string_view::npos) {
        local = inside.substr(0, arrow);
        remote = inside.substr(arrow + 2);
    }
    if (auto id = all_digits(local)) {
        result.info.id = *id;
    } else if (auto addr = SockAddr::parse(local)) {
        result.info.local = *addr;
        if (auto peer = SockAddr::parse(remote)) result.info.remote = *peer;
    } else if (size_t colon = local.rfind(':'); colon != std::string_view::npos) {
        if (auto inode = all_digits(local.substr(colon + 1))) result.info.id = *inode;
    }
    return result;
}

std::optional<int64_t> Decoder::integer(int32_t node) const {
    if (!tree_.is(node, NodeKind::scalar)) return std::nullopt;
    return parse_int(tree_[node].text);
}

std::optional<int32_t> Decoder::fd(int32_t node) const {
    auto fd = integer(node);
    if (!fd || *fd < -1 || *fd > INT32_MAX) return std::nullopt;
    return static_cast<int32_t>(*fd);
}

std::optional<int64_t> Decoder::symbol(int32_t node, Table table) const {
    if (!tree_.is(node, NodeKind::scalar)) return std::nullopt;
    auto bits = parse_flags(table, tree_[node].text);
    if (!bits) return std::nullopt;
    return static_cast<int64_t>(*bits);
}

bool Decoder::append_string(int32_t node, std::vector<uint8_t>& out) const {
    return tree_.is(node, NodeKind::string) && unescape(tree_[node].text, out);
}

std::optional<SockAddr> Decoder::ip_of(int32_t node, uint16_t family) {
    // inet_addr("10.0.0.1"), inet_pton(AF_INET6, "::1", &sin6_addr), or with -X verbose the raw
    // bytes "\x0a\x00\x00\x01".
    int32_t text_node = -1;
    bool raw = false;
    if (tree_.is(node, NodeKind::call)) {
        if (tree_[node].text == "inet_addr") text_node = tree_.child(node, 0);
        else if (tree_[node].text == "inet_pton") text_node = tree_.child(node, 1);
    } else if (tree_.is(node, NodeKind::string)) {
        text_node = node;
        raw = true;
    }
    scratch_.clear();
    if (!append_string(text_node, scratch_)) return std::nullopt;
    if (raw) {
        if (family == AF_INET && scratch_.size() == 4) return kabi::raw::ipv4_at(scratch_, 0);
        if (family == AF_INET6 && scratch_.size() == 16) return kabi::raw::ipv6_at(scratch_, 0);
        return std::nullopt;
    }
    std::string_view text(reinterpret_cast<const char*>(scratch_.data()), scratch_.size());
    auto addr = SockAddr::parse_ip(text);
    if (!addr || addr->family != family) return std::nullopt;
    return addr;
}

std::optional<SockAddr> Decoder::sockaddr(int32_t node) {
    if (!tree_.is(node, NodeKind::structure)) return std::nullopt;
    auto family = symbol(tree_.field(node, "sa_family"), Table::family);
    if (!family || (*family != AF_INET && *family != AF_INET6)) return std::nullopt;
    bool v4 = *family == AF_INET;
    int32_t port_node = tree_.field(node, v4 ? "sin_port" : "sin6_port");
    int32_t ip_node = tree_.field(node, v4 ? "sin_addr" : "sin6_addr");
    if (!v4 && ip_node < 0) {
        for (int32_t c = tree_[node].first_child; c >= 0; c = tree_[c].next)
            if (tree_.is(c, NodeKind::call) && tree_[c].text == "inet_pton") ip_node = c;
    }
    std::optional<int64_t> port;
    if (tree_.is(port_node, NodeKind::call) && tree_[port_node].text == "htons") {
        port = integer(tree_.child(port_node, 0));
    } else if (tree_.is(port_node, NodeKind::string)) {
        scratch_.clear();
        if (append_string(port_node, scratch_) && scratch_.size() == 2) port = (scratch_[0] << 8) | scratch_[1];
    }
    auto addr = ip_of(ip_node, static_cast<uint16_t>(*family));
    if (!addr || !port || *port < 0 || *port > 65535) return std::nullopt;
    addr->port = static_cast<uint16_t>(*port);
    return addr;
}

std::optional<int64_t> Decoder::time_value(int32_t node, int64_t bare_unit_ns) const {
    if (!tree_.is(node, NodeKind::structure)) return std::nullopt;
    std::optional<int64_t> seconds = integer(tree_.field(node, "tv_sec"));
    std::optional<int64_t> fraction;
    int64_t unit = 1;
    if (seconds) {
        fraction = integer(tree_.field(node, "tv_nsec"));
        if (!fraction) {
            fraction = integer(tree_.field(node, "tv_usec"));
            unit = 1000;
        }
    } else {
        seconds = integer(tree_.child(node, 0));
        fraction = integer(tree_.child(node, 1));
        unit = bare_unit_ns;
    }
    if (!seconds || !fraction) return std::nullopt;
    // A hostile log can print any number: a time whose ns do not fit in 64 bits is no time.
    int64_t whole = 0, part = 0, ns = 0;
    if (__builtin_mul_overflow(*seconds, int64_t{1'000'000'000}, &whole) ||
        __builtin_mul_overflow(*fraction, unit, &part) || __builtin_add_overflow(whole, part, &ns))
        return std::nullopt;
    return ns;
}

std::optional<Timex> Decoder::timex(int32_t node) const {
    if (!tree_.is(node, NodeKind::structure)) return std::nullopt;
    auto modes = symbol(tree_.field(node, "modes"), Table::adj_mode);
    if (!modes) return std::nullopt;
    Timex tx;
    tx.modes = static_cast<uint32_t>(*modes);
    auto number = [&](std::string_view name) { return integer(tree_.field(node, name)).value_or(0); };
    tx.offset = number("offset");
    tx.freq = number("freq");
    tx.maxerror = number("maxerror");
    tx.esterror = number("esterror");
    tx.status = static_cast<int32_t>(symbol(tree_.field(node, "status"), Table::sta_status).value_or(0));
    tx.constant = number("constant");
    tx.precision = number("precision");
    tx.tolerance = number("tolerance");
    tx.tick = number("tick");
    tx.tai = static_cast<int32_t>(number("tai"));
    int32_t time = tree_.field(node, "time");
    if (tree_.is(time, NodeKind::structure)) {
        int32_t sec = tree_.field(time, "tv_sec");
        int32_t sub = tree_.field(time, "tv_usec");
        if (sec < 0) sec = tree_.child(time, 0);
        if (sub < 0) sub = tree_.child(time, 1);
        tx.time_sec = integer(sec).value_or(0);
        tx.time_usec = integer(sub).value_or(0);
    }
    return tx;
}

SockOpt Decoder::sockopt(int32_t level, int32_t name, int32_t value) {
    SockOpt opt;
    opt.level = level;
    opt.name = name;
    if (tree_.is(value, NodeKind::array)) {
        opt.value = integer(tree_.child(value, 0));
    } else if (tree_.is(value, NodeKind::scalar)) {
        opt.value = integer(value);
    } else if (tree_.is(value, NodeKind::structure)) {
        if (int32_t group = tree_.field(value, "imr_multiaddr"); group >= 0) {
            opt.group = ip_of(group, AF_INET);
            int32_t iface = tree_.field(value, "imr_interface");
            if (iface < 0) iface = tree_.field(value, "imr_address");
            opt.iface = ip_of(iface, AF_INET);
        } else if (int32_t gr = tree_.field(value, "gr_group"); gr >= 0) {
            if (auto addr = sockaddr(gr)) opt.group = addr->without_port();
        } else {
            int32_t group6 = tree_.field(value, "ipv6mr_multiaddr");
            if (group6 < 0) group6 = tree_.unnamed(value, NodeKind::call);
            opt.group = ip_of(group6, AF_INET6);
        }
    } else if (tree_.is(value, NodeKind::string)) {
        // strace 4.x prints what it cannot decode as the raw bytes of the struct.
        scratch_.clear();
        if (append_string(value, scratch_)) return kabi::decode_sockopt(level, name, scratch_);
    }
    return opt;
}

void Decoder::control_message(int32_t cmsg, Event& event) {
    auto level = symbol(tree_.field(cmsg, "cmsg_level"), Table::sockopt_level);
    auto type = symbol(tree_.field(cmsg, "cmsg_type"), Table::sockopt_name);
    if (!level || !type) return;
    int32_t data = tree_.field(cmsg, "cmsg_data");
    if (data < 0) data = tree_.unnamed(cmsg, NodeKind::structure);
    if (data < 0) data = tree_.unnamed(cmsg, NodeKind::array);
    if (*level == layout::kSolSocket && is_timestamp_type(*type)) {
        if (tree_.is(data, NodeKind::array)) {
            // SCM_TIMESTAMPING: [software, legacy (unused), raw hardware]
            auto software = time_value(tree_.child(data, 0), 1);
            auto hardware = time_value(tree_.child(data, 2), 1);
            if (software && *software != 0) event.rx_time = software;
            else if (hardware && *hardware != 0) event.rx_time = hardware;
        } else {
            bool timeval = *type == layout::kScmTimestampOld || *type == layout::kScmTimestampNew;
            event.rx_time = time_value(data, timeval ? 1000 : 1);
        }
    } else if (*level == layout::kIpprotoIp && *type == layout::kIpPktinfo) {
        if (auto dst = ip_of(tree_.field(data, "ipi_addr"), AF_INET)) event.dst = dst;
    } else if (*level == layout::kIpprotoIpv6 && *type == layout::kIpv6Pktinfo) {
        int32_t addr = tree_.field(data, "ipi6_addr");
        if (addr < 0) addr = tree_.unnamed(data, NodeKind::call);
        if (auto dst = ip_of(addr, AF_INET6)) event.dst = dst;
    }
}

bool Decoder::msghdr(int32_t node, Event& event) {
    if (!tree_.is(node, NodeKind::structure)) return false;
    if (auto addr = sockaddr(tree_.field(node, "msg_name"))) event.addr = addr;
    int32_t iov = tree_.field(node, "msg_iov");
    if (tree_.is(iov, NodeKind::array)) {
        for (int32_t v = tree_[iov].first_child; v >= 0; v = tree_[v].next) {
            int32_t base = tree_.field(v, "iov_base");
            if (base < 0) base = tree_.unnamed(v, NodeKind::string);  // strace 4.x: {"...", 1092}
            append_string(base, event.data);
        }
    }
    int32_t control = tree_.field(node, "msg_control");
    if (tree_.is(control, NodeKind::structure)) {
        control_message(control, event);
    } else if (tree_.is(control, NodeKind::array)) {
        for (int32_t c = tree_[control].first_child; c >= 0; c = tree_[c].next) control_message(c, event);
    } else {
        // strace 4.x: "msg_controllen=32, {cmsg_len=32, cmsg_level=SOL_SOCKET, ...}"
        for (int32_t c = tree_[node].first_child; c >= 0; c = tree_[c].next)
            if (tree_[c].name.empty() && tree_.field(c, "cmsg_level") >= 0) control_message(c, event);
    }
    return true;
}

}  // namespace ntpscope::import::strace
