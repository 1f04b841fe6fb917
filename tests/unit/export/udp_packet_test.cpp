#include <gtest/gtest.h>
#include <sys/socket.h>

#include "core/export/udp_packet.hpp"
#include "core/import/pcap/udp_frame.hpp"
#include <pcap/dlt.h>

namespace ntpscope::pcapng {
namespace {

uint32_t folded_sum(const uint8_t* bytes, size_t size, uint32_t sum = 0) {
    for (size_t i = 0; i + 1 < size; i += 2) sum += (uint32_t{bytes[i]} << 8) | bytes[i + 1];
    if (size % 2) sum += uint32_t{bytes[size - 1]} << 8;
    while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
    return sum;
}

// The UDP checksum verifies when the sum over pseudo-header, header and payload is 0xffff.
uint32_t udp_verify(const std::vector<uint8_t>& packet, size_t ip_header, size_t address_at, size_t address_size) {
    uint32_t sum = folded_sum(packet.data() + address_at, 2 * address_size);
    size_t udp_length = packet.size() - ip_header;
    sum += 17 + static_cast<uint32_t>(udp_length);
    return folded_sum(packet.data() + ip_header, udp_length, sum);
}

TEST(UdpPacket, Ipv4HeadersAndChecksums) {
    std::vector<uint8_t> payload = {0x23, 0, 6, 0xec, 1, 2, 3};
    std::vector<uint8_t> packet;
    uint32_t length = build_udp_packet(*SockAddr::parse("10.0.0.2:123"), *SockAddr::parse("10.0.0.1:123"), payload, 7,
                                       42, packet);
    ASSERT_EQ(packet.size(), 20u + 8 + 7);
    EXPECT_EQ(length, packet.size());
    EXPECT_EQ(folded_sum(packet.data(), 20), 0xffffu);  // IPv4 header checksum
    EXPECT_EQ(udp_verify(packet, 20, 12, 4), 0xffffu);
    auto parsed = import::pcap::parse_udp(DLT_RAW, packet);
    ASSERT_TRUE(parsed);
    EXPECT_EQ(parsed->src.to_string(), "10.0.0.2:123");
    EXPECT_EQ(parsed->dst.to_string(), "10.0.0.1:123");
    EXPECT_EQ(std::vector<uint8_t>(parsed->payload.begin(), parsed->payload.end()), payload);
}

TEST(UdpPacket, Ipv6AndCutPayloads) {
    std::vector<uint8_t> payload(48, 0x24);
    std::vector<uint8_t> packet;
    build_udp_packet(*SockAddr::parse("[fd06::1]:123"), *SockAddr::parse("[fd06::2]:123"), payload, 48, 0, packet);
    ASSERT_EQ(packet.size(), 40u + 8 + 48);
    EXPECT_EQ(packet[0] >> 4, 6);
    EXPECT_EQ(udp_verify(packet, 40, 8, 16), 0xffffu);

    // 32 of 68 bytes captured: the headers say 68, the checksum cannot be known.
    std::vector<uint8_t> cut;
    uint32_t length = build_udp_packet(*SockAddr::parse("10.0.0.2:123"), *SockAddr::parse("10.0.0.1:123"),
                                       std::span(payload).first(32), 68, 0, cut);
    EXPECT_EQ(length, 20u + 8 + 68);
    EXPECT_EQ(cut.size(), 20u + 8 + 32);
    EXPECT_EQ((cut[2] << 8) | cut[3], 96);
    EXPECT_EQ((cut[24] << 8) | cut[25], 76);
    EXPECT_EQ((cut[26] << 8) | cut[27], 0);
}

TEST(UdpPacket, MappedAddressesAreIpv4OnTheWire) {
    auto mapped = *SockAddr::parse("[::ffff:10.0.0.1]:123");
    SockAddr v4 = as_packet_address(mapped);
    EXPECT_EQ(v4.family, AF_INET);
    EXPECT_EQ(v4.to_string(), "10.0.0.1:123");
    auto v6 = *SockAddr::parse("[fd06::1]:123");
    EXPECT_EQ(as_packet_address(v6), v6);
}

}  // namespace
}  // namespace ntpscope::pcapng
