// Writes pcapng blocks (https://www.ietf.org/archive/id/draft-ietf-opsawg-pcapng-02.html):
// a section header, interface descriptions with nanosecond timestamps, and enhanced packet
// blocks with a comment and direction flags. Written in host byte order, which the section
// header's byte-order magic announces.
#pragma once

#include <cstdint>
#include <cstdio>
#include <span>
#include <string_view>
#include <vector>

namespace ntpscope::pcapng {

inline constexpr uint16_t kLinktypeRaw = 101;  // raw IPv4/IPv6, told apart by the version nibble

// epb_flags direction bits.
enum class Direction : uint32_t { unknown = 0, inbound = 1, outbound = 2 };

class Writer {
public:
    // Does not take ownership of `out`. Output is buffered; flush() pushes it.
    explicit Writer(std::FILE* out) : out_(out) {}

    void section(std::string_view application, std::string_view comment);
    // Interfaces are numbered in the order they are described, from 0.
    void interface(uint16_t linktype, std::string_view name, std::string_view description);
    void packet(uint32_t interface, int64_t t_ns, std::span<const uint8_t> captured, uint32_t original_length,
                std::string_view comment, Direction direction);
    // Throws std::system_error when the write fails.
    void flush();

private:
    size_t begin_block(uint32_t type);
    void end_block(size_t start);
    void put32(uint32_t value);
    void put16(uint16_t value);
    void put_bytes(std::span<const uint8_t> bytes);  // padded to 32 bits
    void option(uint16_t code, std::span<const uint8_t> value);
    void option(uint16_t code, std::string_view value);

    std::FILE* out_;
    std::vector<uint8_t> buf_;
};

}  // namespace ntpscope::pcapng
