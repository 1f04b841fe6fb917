// The NTP packet decoder: header, mode 6 control header, extension fields, MACs and
// Kiss-o'-Death, on captured bytes with any datagram length: a capture cut by its snap length
// claims more bytes on the wire than it holds, padding after a short datagram fewer.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>

#include "core/ntp/packet.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace ntpscope;
    if (size < 2) return 0;
    // The first two bytes are the datagram's length on the wire (0: as many as captured).
    const size_t wire = size_t{data[0]} << 8 | data[1];
    const std::span<const uint8_t> captured(data + 2, size - 2);
    for (size_t wire_len : {size_t{0}, wire}) {
        const ntp::Packet p = ntp::decode(captured, wire_len);
        if (p.captured > captured.size()) std::abort();
        ntp::refid_string(p);
        ntp::kind_name(p.kind);
        ntp::mode_name(p.mode);
        ntp::auth_name(p.auth);
        p.is_kiss_of_death();
    }
    return 0;
}
