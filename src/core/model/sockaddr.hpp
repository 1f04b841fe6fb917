// A socket address as the trace and the analysis see it: family, IP bytes, port.
#pragma once

#include <array>
#include <compare>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>

namespace ntpscope {

struct SockAddr {
    uint16_t family = 0;  // AF_INET, AF_INET6; 0 means "no address"
    uint16_t port = 0;    // host byte order
    std::array<uint8_t, 16> ip{};  // IPv4 uses the first 4 bytes

    static SockAddr v4(uint32_t host_order_ip, uint16_t port);
    static SockAddr v6(const std::array<uint8_t, 16>& ip, uint16_t port);

    bool present() const { return family != 0; }
    bool is_v4() const;
    bool is_multicast() const;
    bool is_loopback() const;
    bool is_any() const;  // 0.0.0.0 or ::

    // "10.0.0.1" or "fe80::1"; v4-mapped IPv6 prints as IPv4 so peers match across families.
    std::string ip_string() const;
    // "10.0.0.1:123" or "[fe80::1]:123"
    std::string to_string() const;
    // Accepts both forms above; the port is required.
    static std::optional<SockAddr> parse(std::string_view text);
    // Accepts an address without a port ("10.0.0.1", "fe80::1").
    static std::optional<SockAddr> parse_ip(std::string_view text);

    SockAddr without_port() const { SockAddr a = *this; a.port = 0; return a; }

    auto operator<=>(const SockAddr&) const = default;
    // All 20 bytes at once: the analysis compares addresses for nearly every event, and the
    // member-wise default calls memcmp for `ip`.
    bool operator==(const SockAddr& other) const { return std::memcmp(this, &other, sizeof(SockAddr)) == 0; }
};

static_assert(std::has_unique_object_representations_v<SockAddr>, "SockAddr::operator== compares bytes");

}  // namespace ntpscope
