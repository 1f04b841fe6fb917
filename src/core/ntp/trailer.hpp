// What follows the 48-byte header of a mode 1-5 packet: RFC 7822 extension fields and/or a
// legacy MAC (key id + digest), or a crypto-NAK.
#pragma once

#include <cstdint>
#include <span>

#include "core/ntp/packet.hpp"

namespace ntpscope::ntp {

// `captured` holds at least the header; `wire_len` >= 48 is the datagram length. Fills auth,
// key_id, digest_len and extensions. Returns false when no NTP implementation would send a
// trailer of this shape (the packet is then not NTP).
bool decode_trailer(std::span<const uint8_t> captured, size_t wire_len, Packet& p);

}  // namespace ntpscope::ntp
