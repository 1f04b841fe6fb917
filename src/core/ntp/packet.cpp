#include "core/ntp/packet.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>

#include "core/ntp/refid.hpp"
#include "core/ntp/trailer.hpp"
#include "core/ntp/wire.hpp"

namespace ntpscope::ntp {

namespace {

constexpr size_t kRefidEnd = 16;             // stratum, poll, precision, delays, refid
constexpr size_t kControlHeaderSize = 12;    // RFC 9327
constexpr size_t kMaxControlData = 468;

// Where each header field ends: a truncated header is read up to the last whole field, so no
// field is ever half filled.
constexpr std::array<size_t, 11> kFieldEnds = {1, 2, 3, 4, 8, 12, 16, 24, 32, 40, 48};

size_t whole_fields_length(size_t captured) {
    size_t n = 0;
    for (size_t end : kFieldEnds) {
        if (end <= captured) n = end;
    }
    return n;
}

Timestamp timestamp_at(std::span<const uint8_t> h, size_t at) {
    return {wire::be32(h, at), wire::be32(h, at + 4)};
}

void read_header_fields(std::span<const uint8_t> b, Packet& p) {
    // Fields past the capture stay zero, as in a default Packet.
    std::array<uint8_t, kHeaderSize> h{};
    std::memcpy(h.data(), b.data(), whole_fields_length(b.size()));
    p.stratum = h[1];
    p.poll = static_cast<int8_t>(h[2]);
    p.precision = static_cast<int8_t>(h[3]);
    p.root_delay = wire::be32(h, 4);
    p.root_dispersion = wire::be32(h, 8);
    p.refid = wire::be32(h, 12);
    p.reference = timestamp_at(h, 16);
    p.origin = timestamp_at(h, 24);
    p.receive = timestamp_at(h, 32);
    p.transmit = timestamp_at(h, 40);

    if (p.captured >= kRefidEnd && p.stratum == 0 && p.mode != Mode::client) {
        const RefidChars chars(p.refid);
        const auto code = chars.ascii();
        if (!code.empty()) p.kiss_code.emplace(code);
    }
}

Kind decode_header(std::span<const uint8_t> b, Packet& p) {
    read_header_fields(b, p);
    if (b.size() < kHeaderSize || p.wire_len < kHeaderSize) return Kind::truncated;
    p.header_complete = true;
    return decode_trailer(b, p.wire_len, p) ? Kind::ntp : Kind::not_ntp;
}

Kind decode_control(std::span<const uint8_t> b, Packet& p) {
    if (b.size() < kControlHeaderSize || p.wire_len < kControlHeaderSize) return Kind::truncated;
    auto& c = p.control;
    c.response = (b[1] & 0x80) != 0;
    c.error = (b[1] & 0x40) != 0;
    c.more = (b[1] & 0x20) != 0;
    c.opcode = b[1] & 0x1f;
    c.sequence = wire::be16(b, 2);
    c.status = wire::be16(b, 4);
    c.association_id = wire::be16(b, 6);
    c.offset = wire::be16(b, 8);
    c.count = wire::be16(b, 10);
    const bool data_fits = c.count <= kMaxControlData && kControlHeaderSize + c.count <= p.wire_len;
    return data_fits ? Kind::control : Kind::not_ntp;
}

bool plausible_first_byte(const Packet& p) {
    return p.version >= 1 && p.version <= 4 && p.mode != Mode::reserved;
}

}  // namespace

double Packet::poll_seconds() const { return std::ldexp(1.0, poll); }

Packet decode(std::span<const uint8_t> bytes, size_t wire_len) {
    Packet p;
    p.wire_len = wire_len == 0 ? bytes.size() : wire_len;
    const auto b = bytes.first(std::min(bytes.size(), p.wire_len));
    p.captured = b.size();
    if (b.empty()) {
        // Nothing captured of a non-empty datagram: unknown, but not evidence of non-NTP.
        p.kind = p.wire_len == 0 ? Kind::not_ntp : Kind::truncated;
        return p;
    }

    p.leap = b[0] >> 6;
    p.version = (b[0] >> 3) & 0x7;
    p.mode = static_cast<Mode>(b[0] & 0x7);
    if (!plausible_first_byte(p)) {
        p.kind = Kind::not_ntp;
        return p;
    }

    switch (p.mode) {
        case Mode::private_use: p.kind = Kind::private_use; return p;
        case Mode::control: p.kind = decode_control(b, p); break;
        default: p.kind = decode_header(b, p); break;
    }
    const bool header_decoded = p.kind == Kind::ntp || p.kind == Kind::control;
    p.trailer_truncated = header_decoded && p.captured < p.wire_len;
    return p;
}

}  // namespace ntpscope::ntp
