// NTP packet decoding (RFC 5905 header, RFC 7822 extension fields, legacy MACs, RFC 8915 NTS
// fields, Kiss-o'-Death, the RFC 9327 mode-6 header). The decoder never reads past the
// captured bytes: a payload cut short by the snap length still yields what its bytes allow.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace ntpscope::ntp {

inline constexpr int64_t kNtpToUnixSeconds = 2208988800;  // 1900-01-01 -> 1970-01-01
inline constexpr size_t kHeaderSize = 48;

enum class Mode : uint8_t {
    reserved = 0,
    symmetric_active = 1,
    symmetric_passive = 2,
    client = 3,
    server = 4,
    broadcast = 5,
    control = 6,
    private_use = 7,
};
std::string_view mode_name(Mode m);  // "client", "server", "broadcast", ...

enum class Kind : uint8_t {
    ntp,        // a complete mode 1-5 header (and trailer, if any) was decoded
    control,    // mode 6, control header decoded
    private_use,// mode 7 (ntpdc), recognised only
    truncated,  // looks like NTP but the capture or the datagram is shorter than the header
    not_ntp,    // empty, version 0 or > 4, or a mode/length combination NTP never sends
};
std::string_view kind_name(Kind k);

// NTP 32.32 timestamp as on the wire.
struct Timestamp {
    uint32_t seconds = 0;
    uint32_t fraction = 0;
    uint64_t raw() const { return (uint64_t{seconds} << 32) | fraction; }
    bool is_zero() const { return seconds == 0 && fraction == 0; }
    // ns since the Unix epoch; era-aware: picks the era that puts the value nearest `near_unix_ns`
    // (use the event's own wall time) so 2036 rollover does not break anything.
    int64_t to_unix_ns(int64_t near_unix_ns) const;
    static Timestamp from_unix_ns(int64_t unix_ns);
    bool operator==(const Timestamp&) const = default;
};

// NTP short format (16.16 seconds) as used by root delay and root dispersion.
inline double short_to_seconds(uint32_t raw) { return raw / 65536.0; }

enum class Auth : uint8_t {
    none,
    mac,          // key id + digest (MD5 16 bytes, SHA1 20 bytes, other lengths reported as is;
                  // a non-zero key id alone is a mac with digest_len 0)
    crypto_nak,   // 4-byte key id alone after the header (key id 0)
    nts,          // NTS Authenticator extension field present
};
std::string_view auth_name(Auth a);

struct ExtensionSummary {
    uint16_t count = 0;
    bool unique_identifier = false;  // 0x0104
    bool cookie = false;             // 0x0204
    bool cookie_placeholder = false; // 0x0304
    bool authenticator = false;      // 0x0404
    bool malformed = false;          // a field length under 16, not a multiple of 4, or past the end
};

struct ControlHeader {  // RFC 9327 mode 6
    bool response = false;
    bool error = false;
    bool more = false;
    uint8_t opcode = 0;
    uint16_t sequence = 0;
    uint16_t status = 0;
    uint16_t association_id = 0;
    uint16_t offset = 0;
    uint16_t count = 0;
};

struct Packet {
    Kind kind = Kind::not_ntp;
    size_t captured = 0;   // bytes the decoder had
    size_t wire_len = 0;   // real datagram length (>= captured)

    // Valid whenever captured >= 1 (even when kind == truncated).
    uint8_t leap = 0;
    uint8_t version = 0;
    Mode mode = Mode::reserved;

    // Valid when the 48-byte header was captured. A truncated packet still gets each field
    // whose own bytes were captured (a 20-byte snap still shows stratum, poll and refid).
    bool header_complete = false;
    uint8_t stratum = 0;
    int8_t poll = 0;        // log2 seconds
    int8_t precision = 0;   // log2 seconds
    uint32_t root_delay = 0;       // NTP short format 16.16, raw
    uint32_t root_dispersion = 0;  // NTP short format 16.16, raw
    uint32_t refid = 0;            // network byte order folded into host integer (big-endian read)
    Timestamp reference, origin, receive, transmit;

    // Kiss-o'-Death: stratum 0 and a printable ASCII refid ("RATE", "DENY", ...). Not set on
    // client (mode 3) requests: an unsynchronised client sends stratum 0 with refid "INIT",
    // which is no message from a server.
    std::optional<std::string> kiss_code;

    Auth auth = Auth::none;
    uint32_t key_id = 0;
    uint8_t digest_len = 0;  // 16 (MD5), 20 (SHA1), ...
    ExtensionSummary extensions;
    bool trailer_truncated = false;  // wire_len says a trailer exists but it was not captured

    ControlHeader control;  // kind == control

    double root_delay_seconds() const { return short_to_seconds(root_delay); }
    double root_dispersion_seconds() const { return short_to_seconds(root_dispersion); }
    double poll_seconds() const;
    bool is_kiss() const { return kiss_code.has_value(); }
    // RATE, DENY and RSTR tell the client to back off or stop (RFC 5905 section 7.4).
    bool is_kiss_of_death() const;
};

// `bytes` are the captured bytes, `wire_len` the real datagram length (0 means bytes.size();
// bytes past a smaller non-zero wire_len are not part of the datagram and are ignored).
// Allocates nothing except a kiss code's short string.
Packet decode(std::span<const uint8_t> bytes, size_t wire_len = 0);

// The refid column as ntpq prints it: ASCII for stratum 0/1 (".GPS.", "RATE"), dotted quad for
// IPv4 upstreams, hex otherwise.
std::string refid_string(const Packet& p);

}  // namespace ntpscope::ntp
