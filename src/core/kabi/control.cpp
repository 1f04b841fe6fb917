#include "core/kabi/kabi.hpp"
#include "core/kabi/raw.hpp"

namespace ntpscope::kabi {

namespace {

// SO_TIMESTAMPING fills [0] with the software stamp and [2] with the raw hardware stamp; the
// unused slots are zero.
std::optional<int64_t> decode_timestamping(std::span<const uint8_t> data) {
    constexpr size_t kSoftware = 0;
    constexpr size_t kHardware = 2;
    for (size_t slot : {kSoftware, kHardware}) {
        const size_t at = slot * layout::kTimeValueSize;
        if (!raw::has(data, at, layout::kTimeValueSize)) return std::nullopt;
        const auto ns = decode_timespec(data.subspan(at, layout::kTimeValueSize));
        if (ns && *ns != 0) return ns;
    }
    return std::nullopt;
}

std::optional<int64_t> decode_socket_timestamp(int32_t type, std::span<const uint8_t> data) {
    switch (type) {
        case layout::kScmTimestampOld:
        case layout::kScmTimestampNew: return decode_timeval(data);
        case layout::kScmTimestampNsOld:
        case layout::kScmTimestampNsNew: return decode_timespec(data);
        case layout::kScmTimestampingOld:
        case layout::kScmTimestampingNew: return decode_timestamping(data);
        default: return std::nullopt;
    }
}

void apply_message(int32_t level, int32_t type, std::span<const uint8_t> data, ControlInfo& info) {
    if (level == layout::kSolSocket) {
        // With several timestamp options enabled the kernel sends several; the first is kept.
        if (!info.rx_time) info.rx_time = decode_socket_timestamp(type, data);
    } else if (level == layout::kIpprotoIp && type == layout::kIpPktinfo) {
        if (data.size() >= layout::kInPktinfoSize) info.dst = raw::ipv4_at(data, layout::kIpiAddr);
    } else if (level == layout::kIpprotoIpv6 && type == layout::kIpv6Pktinfo) {
        if (data.size() >= layout::kIn6PktinfoSize) info.dst = raw::ipv6_at(data, layout::kIpi6Addr);
    }
}

}  // namespace

ControlInfo decode_control(std::span<const uint8_t> raw) {
    ControlInfo info;
    size_t at = 0;
    while (raw::has(raw, at, layout::kCmsgHeaderSize)) {
        const auto len = raw::load<uint64_t>(raw, at + layout::kCmsgLen);
        // A length shorter than its own header or past the buffer ends the walk, as in
        // the kernel's and glibc's CMSG_NXTHDR.
        if (len < layout::kCmsgHeaderSize || len > raw.size() - at) break;
        const auto level = raw::load<int32_t>(raw, at + layout::kCmsgLevel);
        const auto type = raw::load<int32_t>(raw, at + layout::kCmsgType);
        apply_message(level, type,
                      raw.subspan(at + layout::kCmsgHeaderSize, len - layout::kCmsgHeaderSize),
                      info);
        at += (len + layout::kCmsgAlign - 1) & ~(layout::kCmsgAlign - 1);
    }
    return info;
}

}  // namespace ntpscope::kabi
