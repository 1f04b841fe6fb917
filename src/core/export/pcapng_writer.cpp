#include "core/export/pcapng_writer.hpp"

#include <cerrno>
#include <cstring>
#include <system_error>

namespace ntpscope::pcapng {

namespace {

constexpr uint32_t kSectionHeader = 0x0A0D0D0A;
constexpr uint32_t kInterfaceDescription = 0x00000001;
constexpr uint32_t kEnhancedPacket = 0x00000006;
constexpr uint32_t kByteOrderMagic = 0x1A2B3C4D;
constexpr uint16_t kOptEnd = 0, kOptComment = 1;
constexpr uint16_t kShbUserAppl = 4;
constexpr uint16_t kIfName = 2, kIfDescription = 3, kIfTsresol = 9;
constexpr uint16_t kEpbFlags = 2;
constexpr uint8_t kNanoseconds = 9;  // if_tsresol: 10^-9 s
constexpr size_t kFlushThreshold = 1 << 20;

}  // namespace

void Writer::put32(uint32_t value) {
    uint8_t bytes[4];
    std::memcpy(bytes, &value, 4);
    buf_.insert(buf_.end(), bytes, bytes + 4);
}

void Writer::put16(uint16_t value) {
    uint8_t bytes[2];
    std::memcpy(bytes, &value, 2);
    buf_.insert(buf_.end(), bytes, bytes + 2);
}

void Writer::put_bytes(std::span<const uint8_t> bytes) {
    buf_.insert(buf_.end(), bytes.begin(), bytes.end());
    buf_.resize(buf_.size() + (4 - bytes.size() % 4) % 4, 0);
}

void Writer::option(uint16_t code, std::span<const uint8_t> value) {
    put16(code);
    put16(static_cast<uint16_t>(value.size()));
    put_bytes(value);
}

void Writer::option(uint16_t code, std::string_view value) {
    // An option holds at most 65535 bytes; comments are one line, far shorter.
    value = value.substr(0, 0xffff);
    option(code, std::span(reinterpret_cast<const uint8_t*>(value.data()), value.size()));
}

size_t Writer::begin_block(uint32_t type) {
    size_t start = buf_.size();
    put32(type);
    put32(0);  // total length, patched by end_block
    return start;
}

void Writer::end_block(size_t start) {
    put16(kOptEnd);
    put16(0);
    auto total = static_cast<uint32_t>(buf_.size() - start + 4);
    put32(total);
    std::memcpy(buf_.data() + start + 4, &total, 4);
    if (buf_.size() >= kFlushThreshold) flush();
}

void Writer::section(std::string_view application, std::string_view comment) {
    size_t start = begin_block(kSectionHeader);
    put32(kByteOrderMagic);
    put16(1);  // major version
    put16(0);  // minor version
    put32(0xffffffff);  // section length: not given
    put32(0xffffffff);
    if (!comment.empty()) option(kOptComment, comment);
    option(kShbUserAppl, application);
    end_block(start);
}

void Writer::interface(uint16_t linktype, std::string_view name, std::string_view description) {
    size_t start = begin_block(kInterfaceDescription);
    put16(linktype);
    put16(0);  // reserved
    put32(0);  // snaplen: no limit
    option(kIfName, name);
    option(kIfDescription, description);
    option(kIfTsresol, std::span(&kNanoseconds, 1));
    end_block(start);
}

void Writer::packet(uint32_t interface, int64_t t_ns, std::span<const uint8_t> captured, uint32_t original_length,
                    std::string_view comment, Direction direction) {
    auto t = static_cast<uint64_t>(t_ns < 0 ? 0 : t_ns);
    size_t start = begin_block(kEnhancedPacket);
    put32(interface);
    put32(static_cast<uint32_t>(t >> 32));
    put32(static_cast<uint32_t>(t));
    put32(static_cast<uint32_t>(captured.size()));
    put32(original_length);
    put_bytes(captured);
    if (!comment.empty()) option(kOptComment, comment);
    if (direction != Direction::unknown) {
        auto flags = static_cast<uint32_t>(direction);
        uint8_t bytes[4];
        std::memcpy(bytes, &flags, 4);
        option(kEpbFlags, std::span<const uint8_t>(bytes, 4));
    }
    end_block(start);
}

void Writer::flush() {
    if (!buf_.empty() && std::fwrite(buf_.data(), 1, buf_.size(), out_) != buf_.size())
        throw std::system_error(errno, std::generic_category(), "cannot write pcapng output");
    buf_.clear();
    if (std::fflush(out_) != 0) throw std::system_error(errno, std::generic_category(), "cannot write pcapng output");
}

}  // namespace ntpscope::pcapng
