// The decoders of the raw kernel structures the recorder copies out of the traced process.
// Each gets the same bytes: they all check lengths themselves, whatever the struct.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>

#include "core/kabi/kabi.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace ntpscope;
    const std::span<const uint8_t> raw(data, size);
    kabi::decode_sockaddr(raw);
    kabi::decode_control(raw);
    kabi::decode_timex(raw);
    kabi::decode_timespec(raw);
    kabi::decode_timeval(raw);
    // setsockopt's level and option name lead the bytes, its optval follows.
    if (size >= 8) {
        int32_t level, name;
        std::memcpy(&level, data, 4);
        std::memcpy(&name, data + 4, 4);
        kabi::decode_sockopt(level, name, raw.subspan(8));
    }
    return 0;
}
