#include "ntp_header.hpp"

#include <arpa/inet.h>

#include <cstring>

namespace ntplab {
namespace {

constexpr int64_t kNtpToUnix = 2208988800;

void put32(uint8_t* at, uint32_t v) {
    const uint32_t be = htonl(v);
    std::memcpy(at, &be, 4);
}

uint32_t get32(const uint8_t* at) {
    uint32_t be;
    std::memcpy(&be, at, 4);
    return ntohl(be);
}

void put_time(uint8_t* at, NtpTime t) {
    put32(at, t.seconds);
    put32(at + 4, t.fraction);
}

NtpTime get_time(const uint8_t* at) { return {get32(at), get32(at + 4)}; }

}  // namespace

NtpTime to_ntp(const timespec& ts) {
    const auto frac = (static_cast<uint64_t>(ts.tv_nsec) << 32) / 1000000000u;
    return {static_cast<uint32_t>(ts.tv_sec + kNtpToUnix), static_cast<uint32_t>(frac)};
}

timespec from_ntp(NtpTime t) {
    timespec ts{};
    // Era 0 only: the lab runs now, not across 2036.
    ts.tv_sec = static_cast<time_t>(int64_t{t.seconds} - kNtpToUnix);
    ts.tv_nsec = static_cast<long>((uint64_t{t.fraction} * 1000000000u) >> 32);
    return ts;
}

NtpTime wall_now() {
    timespec ts{};
    clock_gettime(CLOCK_REALTIME, &ts);
    return to_ntp(ts);
}

double seconds_between(const timespec& a, const timespec& b) {
    return static_cast<double>(a.tv_sec - b.tv_sec) + static_cast<double>(a.tv_nsec - b.tv_nsec) * 1e-9;
}

std::array<uint8_t, kHeaderSize> encode(const Header& h) {
    std::array<uint8_t, kHeaderSize> out{};
    out[0] = static_cast<uint8_t>((h.leap << 6) | ((h.version & 7) << 3) | (h.mode & 7));
    out[1] = h.stratum;
    out[2] = static_cast<uint8_t>(h.poll);
    out[3] = static_cast<uint8_t>(h.precision);
    put32(&out[4], h.root_delay);
    put32(&out[8], h.root_dispersion);
    put32(&out[12], h.refid);
    put_time(&out[16], h.reference);
    put_time(&out[24], h.origin);
    put_time(&out[32], h.receive);
    put_time(&out[40], h.transmit);
    return out;
}

std::optional<Header> decode(std::span<const uint8_t> bytes) {
    if (bytes.size() < kHeaderSize) return std::nullopt;
    const uint8_t* b = bytes.data();
    Header h;
    h.leap = b[0] >> 6;
    h.version = (b[0] >> 3) & 7;
    h.mode = b[0] & 7;
    h.stratum = b[1];
    h.poll = static_cast<int8_t>(b[2]);
    h.precision = static_cast<int8_t>(b[3]);
    h.root_delay = get32(b + 4);
    h.root_dispersion = get32(b + 8);
    h.refid = get32(b + 12);
    h.reference = get_time(b + 16);
    h.origin = get_time(b + 24);
    h.receive = get_time(b + 32);
    h.transmit = get_time(b + 40);
    return h;
}

}  // namespace ntplab
