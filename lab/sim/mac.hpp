// Symmetric keys and the legacy NTP MAC (RFC 5905 §7.3): a 4-byte key ID, then
// MD5(secret || packet). 48 + 4 + 16 = the 68-byte packets of the seed.
#pragma once

#include <cstdint>
#include <map>
#include <span>
#include <string>
#include <vector>

namespace ntplab {

inline constexpr size_t kMd5MacSize = 20;

// An ntp.keys file: "ID MD5 SECRET" per line, '#' comments. Only MD5 keys with ASCII secrets,
// which is what the lab writes. Throws std::runtime_error "FILE:LINE: problem".
class KeyRing {
public:
    static KeyRing load(const std::string& path);
    void add(uint32_t id, std::string secret) { keys_[id] = std::move(secret); }
    const std::string* secret(uint32_t id) const;

private:
    std::map<uint32_t, std::string> keys_;
};

// The packet followed by key ID and MD5 digest.
std::vector<uint8_t> append_mac(std::span<const uint8_t> packet, uint32_t key_id,
                                const std::string& secret);
// The packet followed by a lone key ID 0: a crypto-NAK.
std::vector<uint8_t> append_crypto_nak(std::span<const uint8_t> packet);

enum class MacStatus {
    none,         // header only
    ok,           // trusted key, digest matches
    bad_digest,   // trusted key, digest differs
    untrusted,    // key ID not in the trusted set
    crypto_nak,   // key ID alone
    malformed,    // any other trailer length
};
struct MacCheck {
    MacStatus status = MacStatus::none;
    uint32_t key_id = 0;
};

// Checks the trailer after the 48-byte header against the keys listed in `trusted`.
MacCheck check_mac(std::span<const uint8_t> packet, const KeyRing& keys,
                   std::span<const uint32_t> trusted);

}  // namespace ntplab
