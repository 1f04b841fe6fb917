#include "mac.hpp"

#include <arpa/inet.h>
#include <openssl/evp.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "ntp_header.hpp"

namespace ntplab {
namespace {

constexpr size_t kDigestSize = 16;

std::array<uint8_t, kDigestSize> md5(const std::string& secret, std::span<const uint8_t> packet) {
    std::vector<uint8_t> input(secret.begin(), secret.end());
    input.insert(input.end(), packet.begin(), packet.end());
    std::array<uint8_t, kDigestSize> out{};
    unsigned int len = 0;
    if (EVP_Digest(input.data(), input.size(), out.data(), &len, EVP_md5(), nullptr) != 1 ||
        len != kDigestSize) {
        throw std::runtime_error("MD5 digest failed (OpenSSL)");
    }
    return out;
}

void put_key_id(std::vector<uint8_t>& out, uint32_t key_id) {
    const uint32_t be = htonl(key_id);
    const auto* p = reinterpret_cast<const uint8_t*>(&be);
    out.insert(out.end(), p, p + 4);
}

}  // namespace

KeyRing KeyRing::load(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw std::runtime_error(path + ": cannot open keys file");
    KeyRing ring;
    std::string line;
    for (int lineno = 1; std::getline(in, line); ++lineno) {
        line = line.substr(0, line.find('#'));
        std::istringstream fields(line);
        std::string id, type, secret, extra;
        if (!(fields >> id)) continue;
        const auto where = path + ":" + std::to_string(lineno) + ": ";
        if (!(fields >> type >> secret) || (fields >> extra)) {
            throw std::runtime_error(where + "expected 'ID MD5 SECRET'");
        }
        if (type != "MD5" && type != "md5") {
            throw std::runtime_error(where + "key type " + type + " not supported (MD5 only)");
        }
        char* end = nullptr;
        const unsigned long value = std::strtoul(id.c_str(), &end, 10);
        if (*end != '\0' || value == 0 || value > 65535) {
            throw std::runtime_error(where + "key ID '" + id + "' is not in 1..65535");
        }
        ring.add(static_cast<uint32_t>(value), secret);
    }
    return ring;
}

const std::string* KeyRing::secret(uint32_t id) const {
    const auto it = keys_.find(id);
    return it == keys_.end() ? nullptr : &it->second;
}

std::vector<uint8_t> append_mac(std::span<const uint8_t> packet, uint32_t key_id,
                                const std::string& secret) {
    std::vector<uint8_t> out(packet.begin(), packet.end());
    put_key_id(out, key_id);
    const auto digest = md5(secret, packet);
    out.insert(out.end(), digest.begin(), digest.end());
    return out;
}

std::vector<uint8_t> append_crypto_nak(std::span<const uint8_t> packet) {
    std::vector<uint8_t> out(packet.begin(), packet.end());
    put_key_id(out, 0);
    return out;
}

MacCheck check_mac(std::span<const uint8_t> packet, const KeyRing& keys,
                   std::span<const uint32_t> trusted) {
    if (packet.size() <= kHeaderSize) return {MacStatus::none, 0};
    const size_t trailer = packet.size() - kHeaderSize;
    if (trailer != 4 && trailer != kMd5MacSize) return {MacStatus::malformed, 0};
    uint32_t be;
    std::memcpy(&be, packet.data() + kHeaderSize, 4);
    const uint32_t key_id = ntohl(be);
    if (trailer == 4) return {MacStatus::crypto_nak, key_id};
    const std::string* secret = keys.secret(key_id);
    if (secret == nullptr || std::find(trusted.begin(), trusted.end(), key_id) == trusted.end()) {
        return {MacStatus::untrusted, key_id};
    }
    const auto expected = md5(*secret, packet.first(kHeaderSize));
    const bool same = std::equal(expected.begin(), expected.end(), packet.begin() + kHeaderSize + 4);
    return {same ? MacStatus::ok : MacStatus::bad_digest, key_id};
}

}  // namespace ntplab
