#include "core/model/sockaddr.hpp"

#include <arpa/inet.h>
#include <sys/socket.h>

#include <charconv>
#include <cstring>

namespace ntpscope {

namespace {

bool is_v4_mapped(const std::array<uint8_t, 16>& ip) {
    static constexpr uint8_t prefix[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
    return std::memcmp(ip.data(), prefix, sizeof prefix) == 0;
}

std::optional<uint16_t> parse_port(std::string_view text) {
    unsigned value = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc{} || end != text.data() + text.size() || value > 65535) return std::nullopt;
    return static_cast<uint16_t>(value);
}

}  // namespace

SockAddr SockAddr::v4(uint32_t host_order_ip, uint16_t port) {
    SockAddr a;
    a.family = AF_INET;
    a.port = port;
    a.ip[0] = static_cast<uint8_t>(host_order_ip >> 24);
    a.ip[1] = static_cast<uint8_t>(host_order_ip >> 16);
    a.ip[2] = static_cast<uint8_t>(host_order_ip >> 8);
    a.ip[3] = static_cast<uint8_t>(host_order_ip);
    return a;
}

SockAddr SockAddr::v6(const std::array<uint8_t, 16>& ip, uint16_t port) {
    SockAddr a;
    a.family = AF_INET6;
    a.port = port;
    a.ip = ip;
    return a;
}

bool SockAddr::is_v4() const {
    return family == AF_INET || (family == AF_INET6 && is_v4_mapped(ip));
}

bool SockAddr::is_multicast() const {
    if (family == AF_INET) return (ip[0] & 0xf0) == 0xe0;
    if (family == AF_INET6) return is_v4_mapped(ip) ? (ip[12] & 0xf0) == 0xe0 : ip[0] == 0xff;
    return false;
}

bool SockAddr::is_loopback() const {
    if (family == AF_INET) return ip[0] == 127;
    if (family == AF_INET6) {
        if (is_v4_mapped(ip)) return ip[12] == 127;
        static constexpr std::array<uint8_t, 16> one = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
        return ip == one;
    }
    return false;
}

bool SockAddr::is_any() const {
    if (family == AF_INET) return ip[0] == 0 && ip[1] == 0 && ip[2] == 0 && ip[3] == 0;
    if (family == AF_INET6) return ip == std::array<uint8_t, 16>{};
    return false;
}

std::string SockAddr::ip_string() const {
    char buf[INET6_ADDRSTRLEN] = {};
    if (family == AF_INET) {
        inet_ntop(AF_INET, ip.data(), buf, sizeof buf);
    } else if (family == AF_INET6) {
        if (is_v4_mapped(ip)) inet_ntop(AF_INET, ip.data() + 12, buf, sizeof buf);
        else inet_ntop(AF_INET6, ip.data(), buf, sizeof buf);
    } else {
        return "";
    }
    return buf;
}

std::string SockAddr::to_string() const {
    if (!present()) return "";
    std::string host = ip_string();
    if (family == AF_INET6 && !is_v4_mapped(ip)) host = "[" + host + "]";
    return host + ":" + std::to_string(port);
}

std::optional<SockAddr> SockAddr::parse_ip(std::string_view text) {
    // A stack copy for the terminating NUL: trace readers parse addresses on every event.
    char copy[INET6_ADDRSTRLEN];
    if (text.empty() || text.size() >= sizeof copy) return std::nullopt;
    std::memcpy(copy, text.data(), text.size());
    copy[text.size()] = '\0';
    SockAddr a;
    if (inet_pton(AF_INET, copy, a.ip.data()) == 1) {
        a.family = AF_INET;
        return a;
    }
    if (inet_pton(AF_INET6, copy, a.ip.data()) == 1) {
        a.family = AF_INET6;
        return a;
    }
    return std::nullopt;
}

std::optional<SockAddr> SockAddr::parse(std::string_view text) {
    std::string_view host;
    std::string_view port;
    if (!text.empty() && text.front() == '[') {
        auto close = text.find("]:");
        if (close == std::string_view::npos) return std::nullopt;
        host = text.substr(1, close - 1);
        port = text.substr(close + 2);
    } else {
        auto colon = text.rfind(':');
        if (colon == std::string_view::npos) return std::nullopt;
        host = text.substr(0, colon);
        port = text.substr(colon + 1);
        if (host.find(':') != std::string_view::npos) return std::nullopt;
    }
    auto addr = parse_ip(host);
    auto p = parse_port(port);
    if (!addr || !p) return std::nullopt;
    addr->port = *p;
    return addr;
}

}  // namespace ntpscope
