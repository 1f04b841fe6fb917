// The 48-byte NTP header as the lab's multicast simulators build and read it. Deliberately
// independent of ntpscope's own decoder: the lab must be able to prove the tool wrong.
#pragma once

#include <array>
#include <cstdint>
#include <ctime>
#include <optional>
#include <span>

namespace ntplab {

inline constexpr size_t kHeaderSize = 48;

enum class Mode : uint8_t { client = 3, server = 4, broadcast = 5 };

struct NtpTime {
    uint32_t seconds = 0;  // since 1900
    uint32_t fraction = 0;
    bool operator==(const NtpTime&) const = default;
};

NtpTime to_ntp(const timespec& ts);
timespec from_ntp(NtpTime t);
NtpTime wall_now();
// a - b in seconds.
double seconds_between(const timespec& a, const timespec& b);

struct Header {
    uint8_t leap = 0;
    uint8_t version = 4;
    uint8_t mode = 0;
    uint8_t stratum = 0;
    int8_t poll = 0;
    int8_t precision = -20;
    uint32_t root_delay = 0;       // 16.16 seconds
    uint32_t root_dispersion = 0;  // 16.16 seconds
    uint32_t refid = 0;            // host order of the 4 wire bytes read big-endian
    NtpTime reference, origin, receive, transmit;
};

std::array<uint8_t, kHeaderSize> encode(const Header& h);
// nullopt when fewer than 48 bytes.
std::optional<Header> decode(std::span<const uint8_t> bytes);

}  // namespace ntplab
