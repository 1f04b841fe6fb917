#include "core/ntp/trailer.hpp"

#include <optional>

#include "core/ntp/wire.hpp"

namespace ntpscope::ntp {

namespace {

constexpr size_t kKeyIdSize = 4;
// RFC 7822: a v4 trailer this short is a MAC (key id + SHA1), anything longer starts with an
// extension field. That is why a field must be >= 16 bytes and the last one >= 28 without a MAC.
constexpr size_t kMaxV4MacSize = kKeyIdSize + 20;
// Before v4 there are no extension fields; chrony sends digests up to SHA-512 in NTPv3.
constexpr size_t kMaxLegacyMacSize = kKeyIdSize + 64;
constexpr size_t kMinExtensionSize = 16;
constexpr size_t kExtensionHeaderSize = 4;

enum NtsFieldType : uint16_t {
    kUniqueIdentifier = 0x0104,
    kCookie = 0x0204,
    kCookiePlaceholder = 0x0304,
    kAuthenticator = 0x0404,
};

void note_extension(ExtensionSummary& ext, uint16_t type) {
    ++ext.count;
    switch (type) {
        case kUniqueIdentifier: ext.unique_identifier = true; break;
        case kCookie: ext.cookie = true; break;
        case kCookiePlaceholder: ext.cookie_placeholder = true; break;
        case kAuthenticator: ext.authenticator = true; break;
        default: break;
    }
}

// Walks the extension fields; returns the offset where the MAC (if any) starts, or nullopt
// when the walk had to stop (a malformed field, or a field header that was not captured).
std::optional<size_t> walk_extensions(std::span<const uint8_t> b, size_t wire_len, Packet& p) {
    size_t at = kHeaderSize;
    while (wire_len - at > kMaxV4MacSize) {
        if (!wire::has(b, at, kExtensionHeaderSize)) return std::nullopt;
        const uint16_t type = wire::be16(b, at);
        const size_t len = wire::be16(b, at + 2);
        if (len < kMinExtensionSize || len % 4 != 0 || len > wire_len - at) {
            p.extensions.malformed = true;
            return std::nullopt;
        }
        note_extension(p.extensions, type);
        at += len;  // the field's body need not be captured to be skipped
    }
    return at;
}

void decode_mac(std::span<const uint8_t> b, size_t at, size_t size, Packet& p) {
    if (size == 0) return;
    const bool key_captured = wire::has(b, at, kKeyIdSize);
    p.key_id = key_captured ? wire::be32(b, at) : 0;
    p.digest_len = static_cast<uint8_t>(size - kKeyIdSize);
    // A lone key id whose bytes were cut off is still taken as a crypto-NAK: that is the only
    // 52-byte packet the daemons send.
    if (p.digest_len == 0 && p.key_id == 0) {
        p.auth = Auth::crypto_nak;
    } else {
        p.auth = Auth::mac;
    }
}

}  // namespace

bool decode_trailer(std::span<const uint8_t> captured, size_t wire_len, Packet& p) {
    const size_t trailer = wire_len - kHeaderSize;
    if (trailer % 4 != 0) return false;  // fields and MACs are all whole 32-bit words
    if (p.version < 4 && trailer > kMaxLegacyMacSize) return false;

    const auto mac_at = p.version >= 4 ? walk_extensions(captured, wire_len, p) : kHeaderSize;
    if (mac_at) decode_mac(captured, *mac_at, wire_len - *mac_at, p);
    // An NTS packet carries no legacy MAC; the Authenticator field is what protects it.
    if (p.extensions.authenticator) p.auth = Auth::nts;
    return true;
}

}  // namespace ntpscope::ntp
