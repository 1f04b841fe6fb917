// Test-only builders for NTP datagrams, written from RFC 5905/7822/9327 field layouts so the
// tests do not depend on the decoder's own constants.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "core/ntp/packet.hpp"

namespace ntpscope::ntp::test {

inline void put16(std::vector<uint8_t>& out, size_t at, uint16_t v) {
    out[at] = static_cast<uint8_t>(v >> 8);
    out[at + 1] = static_cast<uint8_t>(v);
}

inline void put32(std::vector<uint8_t>& out, size_t at, uint32_t v) {
    put16(out, at, static_cast<uint16_t>(v >> 16));
    put16(out, at + 2, static_cast<uint16_t>(v));
}

inline void append32(std::vector<uint8_t>& out, uint32_t v) {
    out.resize(out.size() + 4);
    put32(out, out.size() - 4, v);
}

// "RATE" -> 0x52415445; shorter text is NUL padded like a refclock refid ("GPS").
inline uint32_t refid_text(std::string_view text) {
    uint32_t v = 0;
    for (size_t i = 0; i < 4; ++i) {
        v = (v << 8) | (i < text.size() ? static_cast<uint8_t>(text[i]) : 0);
    }
    return v;
}

// A mode 1-5 packet: the 48-byte header, then extension fields and a MAC in call order.
class PacketBuilder {
public:
    PacketBuilder& leap(uint8_t v) { leap_ = v; return *this; }
    PacketBuilder& version(uint8_t v) { version_ = v; return *this; }
    PacketBuilder& mode(uint8_t v) { mode_ = v; return *this; }
    PacketBuilder& stratum(uint8_t v) { stratum_ = v; return *this; }
    PacketBuilder& poll(int8_t v) { poll_ = v; return *this; }
    PacketBuilder& precision(int8_t v) { precision_ = v; return *this; }
    PacketBuilder& root_delay(uint32_t v) { root_delay_ = v; return *this; }
    PacketBuilder& root_dispersion(uint32_t v) { root_dispersion_ = v; return *this; }
    PacketBuilder& refid(uint32_t v) { refid_ = v; return *this; }
    PacketBuilder& refid(std::string_view text) { refid_ = refid_text(text); return *this; }
    PacketBuilder& reference(Timestamp t) { ts_[0] = t; return *this; }
    PacketBuilder& origin(Timestamp t) { ts_[1] = t; return *this; }
    PacketBuilder& receive(Timestamp t) { ts_[2] = t; return *this; }
    PacketBuilder& transmit(Timestamp t) { ts_[3] = t; return *this; }

    // A field of `total` bytes (header included) whose length field says `declared`.
    PacketBuilder& extension(uint16_t type, size_t total, uint16_t declared) {
        const size_t at = trailer_.size();
        trailer_.resize(at + total, 0xee);
        if (total >= 4) {
            put16(trailer_, at, type);
            put16(trailer_, at + 2, declared);
        }
        return *this;
    }
    PacketBuilder& extension(uint16_t type, uint16_t total) { return extension(type, total, total); }

    PacketBuilder& mac(uint32_t key_id, size_t digest_len) {
        append32(trailer_, key_id);
        trailer_.insert(trailer_.end(), digest_len, 0xab);
        return *this;
    }

    std::vector<uint8_t> bytes() const {
        std::vector<uint8_t> out(kHeaderSize, 0);
        out[0] = static_cast<uint8_t>((leap_ << 6) | (version_ << 3) | mode_);
        out[1] = stratum_;
        out[2] = static_cast<uint8_t>(poll_);
        out[3] = static_cast<uint8_t>(precision_);
        put32(out, 4, root_delay_);
        put32(out, 8, root_dispersion_);
        put32(out, 12, refid_);
        for (size_t i = 0; i < ts_.size(); ++i) {
            put32(out, 16 + 8 * i, ts_[i].seconds);
            put32(out, 20 + 8 * i, ts_[i].fraction);
        }
        out.insert(out.end(), trailer_.begin(), trailer_.end());
        return out;
    }

private:
    uint8_t leap_ = 0, version_ = 4, mode_ = 3, stratum_ = 2;
    int8_t poll_ = 6, precision_ = -20;
    uint32_t root_delay_ = 0, root_dispersion_ = 0, refid_ = 0;
    std::array<Timestamp, 4> ts_{};
    std::vector<uint8_t> trailer_;
};

// An RFC 9327 mode-6 message: 12-byte header plus `data` bytes of payload.
struct ControlBuilder {
    uint8_t version = 2;
    bool response = false, error = false, more = false;
    uint8_t opcode = 2;  // read variables
    uint16_t sequence = 1, status = 0, association_id = 0, offset = 0;
    uint16_t data = 0;

    std::vector<uint8_t> bytes() const { return bytes_with_count(data); }
    std::vector<uint8_t> bytes_with_count(uint16_t count) const {
        std::vector<uint8_t> out(12 + data, 0x41);
        out[0] = static_cast<uint8_t>((version << 3) | 6);
        out[1] = static_cast<uint8_t>((response ? 0x80 : 0) | (error ? 0x40 : 0) |
                                      (more ? 0x20 : 0) | (opcode & 0x1f));
        put16(out, 2, sequence);
        put16(out, 4, status);
        put16(out, 6, association_id);
        put16(out, 8, offset);
        put16(out, 10, count);
        return out;
    }
};

// The first `n` bytes in a buffer of exactly that size, so a sanitizer catches any read past it.
inline std::vector<uint8_t> first(const std::vector<uint8_t>& bytes, size_t n) {
    return {bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(n)};
}

}  // namespace ntpscope::ntp::test
