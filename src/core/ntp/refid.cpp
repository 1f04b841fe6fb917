#include "core/ntp/refid.hpp"

#include <fmt/format.h>

#include "core/ntp/packet.hpp"

namespace ntpscope::ntp {

RefidChars::RefidChars(uint32_t refid) {
    for (size_t i = 0; i < bytes.size(); ++i) {
        bytes[i] = static_cast<char>(refid >> (24 - 8 * i));
    }
}

std::string_view RefidChars::ascii() const& {
    size_t len = 0;
    while (len < bytes.size() && bytes[len] != '\0') {
        const char c = bytes[len];
        if (c < ' ' || c > '~') return {};
        ++len;
    }
    for (size_t i = len; i < bytes.size(); ++i) {
        if (bytes[i] != '\0') return {};  // text after a NUL: binary, not a code
    }
    if (len == 0 || bytes[0] == ' ') return {};
    return {bytes.data(), len};
}

bool Packet::is_kiss_of_death() const {
    return kiss_code && (*kiss_code == "RATE" || *kiss_code == "DENY" || *kiss_code == "RSTR");
}

std::string refid_string(const Packet& p) {
    constexpr size_t kRefidEnd = 16;
    const bool has_header_fields = p.kind == Kind::ntp || p.kind == Kind::truncated;
    if (!has_header_fields || p.captured < kRefidEnd) return "";
    if (p.kiss_code) return *p.kiss_code;

    const RefidChars chars(p.refid);
    if (p.stratum <= 1) {
        const auto text = chars.ascii();
        if (!text.empty()) return fmt::format(".{}.", text);
    } else if (p.stratum < 16) {
        // An IPv4 upstream's address (for IPv6 upstreams a hash of it: ntpq prints both so).
        return fmt::format("{}.{}.{}.{}", p.refid >> 24, (p.refid >> 16) & 0xff,
                           (p.refid >> 8) & 0xff, p.refid & 0xff);
    }
    return fmt::format("0x{:08x}", p.refid);
}

}  // namespace ntpscope::ntp
