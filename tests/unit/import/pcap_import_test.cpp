// The pcap/pcapng importer: lab captures (tcpdump on Ethernet and -i any, dumpcap's pcapng),
// the same packets rewritten into every supported link type, host inference, and damage.
#include <gtest/gtest.h>
#include <pcap/dlt.h>
#include <sys/socket.h>

#include "capture_files.hpp"
#include "core/export/udp_packet.hpp"
#include "core/import/pcap/capture_host.hpp"
#include "core/import/pcap/import.hpp"
#include "core/model/error.hpp"
#include "import_test_support.hpp"

namespace ntpscope::test {
namespace {

const std::string kEthernet = "pcap/ntpsec-client-eth.pcap";

// The parts of an event a capture can tell.
void expect_same_packets(const std::vector<Event>& expected, const std::vector<Event>& actual) {
    ASSERT_EQ(expected.size(), actual.size());
    for (size_t i = 0; i < expected.size(); ++i) {
        EXPECT_EQ(expected[i].t, actual[i].t) << i;
        EXPECT_EQ(expected[i].syscall, actual[i].syscall) << i;
        EXPECT_EQ(expected[i].addr, actual[i].addr) << i;
        EXPECT_EQ(expected[i].dst, actual[i].dst) << i;
        EXPECT_EQ(expected[i].sock, actual[i].sock) << i;
        EXPECT_EQ(expected[i].len, actual[i].len) << i;
        EXPECT_EQ(expected[i].data, actual[i].data) << i;
    }
}

RecordingSink import_frames(const TempDir& dir, int dlt, const std::vector<Frame>& frames, ReadOptions options = {}) {
    std::string path = dir.file("capture-" + std::to_string(dlt) + ".pcap");
    write_capture(path, dlt, frames);
    return read_file(path, options);
}

std::vector<uint8_t> ntp_payload(uint8_t mode) {
    std::vector<uint8_t> payload(48, 0);
    payload[0] = static_cast<uint8_t>((4 << 3) | mode);
    return payload;
}

Frame udp_frame(const std::string& src, const std::string& dst, uint8_t mode, int64_t t) {
    SockAddr a = *SockAddr::parse(src);
    SockAddr b = *SockAddr::parse(dst);
    std::vector<uint8_t> packet;
    std::vector<uint8_t> payload = ntp_payload(mode);
    pcapng::build_udp_packet(a, b, payload, static_cast<uint32_t>(payload.size()), 1, packet);
    return {t, ethernet(packet), 0};
}

TEST(PcapImport, EthernetCaptureOfAnNtpsecClient) {
    auto c = read_file(fixture(kEthernet));
    ASSERT_TRUE(c.header && c.footer);
    EXPECT_EQ(c.header->source, "pcap");
    ASSERT_TRUE(c.header->host_ip);
    EXPECT_EQ(c.header->host_ip->to_string(), "10.206.6.2:0");
    EXPECT_EQ(c.footer->events, c.events.size());
    auto sends = of(c, Syscall::sendto);
    auto receives = of(c, Syscall::recvmsg);
    ASSERT_EQ(sends.size(), 19u);  // 10 over IPv4, 9 over IPv6: one dual-stack host
    ASSERT_EQ(receives.size(), 19u);
    for (const Event& e : sends) {
        EXPECT_EQ(mode_of(e), 3);
        EXPECT_TRUE(e.addr->to_string() == "10.206.6.1:123" || e.addr->to_string() == "[fd06::1]:123");
        EXPECT_TRUE(e.sock->local.to_string() == "10.206.6.2:123" || e.sock->local.to_string() == "[fd06::2]:123");
    }
    for (const Event& e : receives) {
        EXPECT_EQ(mode_of(e), 4);
        EXPECT_EQ(e.dst->ip_string(), e.addr->family == AF_INET ? "10.206.6.2" : "fd06::2");
        EXPECT_EQ(e.sock->local.port, 123);
    }
    for (const Event& e : c.events) {
        // What a capture cannot know is absent, not made up.
        EXPECT_EQ(e.fd, -1);
        EXPECT_EQ(e.pid, 0u);
        EXPECT_EQ(e.mono, 0);
        EXPECT_FALSE(e.rx_time);
        EXPECT_EQ(e.sock->id, 0u);
        EXPECT_EQ(e.len, 48u);
        EXPECT_EQ(e.data.size(), 48u);
    }
    EXPECT_TRUE(c.warnings.empty());
}

TEST(PcapImport, AnyInterfaceCaptureIsTheSamePackets) {
    int dlt = 0;
    read_frames(fixture("pcap/ntpsec-client-any-sll2.pcap"), &dlt);
    EXPECT_EQ(dlt, DLT_LINUX_SLL2);  // tcpdump -i any with libpcap 1.10
    expect_same_packets(read_file(fixture(kEthernet)).events,
                        read_file(fixture("pcap/ntpsec-client-any-sll2.pcap")).events);
}

TEST(PcapImport, EveryLinkTypeGivesTheSameEvents) {
    TempDir dir;
    auto reference = read_file(fixture(kEthernet)).events;
    auto frames = read_frames(fixture(kEthernet));
    auto rewrite = [&](auto&& change) {
        std::vector<Frame> out = frames;
        for (Frame& f : out) {
            f.bytes = change(f.bytes);
            f.wire_length = 0;
        }
        return out;
    };
    auto ethertype = [](const std::vector<uint8_t>& f) { return std::vector<uint8_t>(f.begin() + 12, f.begin() + 14); };
    auto ip = [](const std::vector<uint8_t>& f) { return std::vector<uint8_t>(f.begin() + 14, f.end()); };

    auto vlan = rewrite([](std::vector<uint8_t> f) {
        f.insert(f.begin() + 12, {0x81, 0x00, 0x00, 0x0a});
        return f;
    });
    expect_same_packets(reference, import_frames(dir, DLT_EN10MB, vlan).events);

    auto qinq = rewrite([](std::vector<uint8_t> f) {
        f.insert(f.begin() + 12, {0x88, 0xa8, 0x00, 0x64, 0x81, 0x00, 0x00, 0x0a});
        return f;
    });
    expect_same_packets(reference, import_frames(dir, DLT_EN10MB, qinq).events);

    auto sll = rewrite([&](const std::vector<uint8_t>& f) {
        std::vector<uint8_t> out = {0, 4, 0, 1, 0, 6, 2, 0, 0, 0, 0, 1, 0, 0};
        auto type = ethertype(f);
        out.insert(out.end(), type.begin(), type.end());
        auto payload = ip(f);
        out.insert(out.end(), payload.begin(), payload.end());
        return out;
    });
    expect_same_packets(reference, import_frames(dir, DLT_LINUX_SLL, sll).events);

    expect_same_packets(reference, import_frames(dir, DLT_RAW, rewrite(ip)).events);

    auto loopback = rewrite([&](const std::vector<uint8_t>& f) {
        std::vector<uint8_t> out = {ethertype(f)[0] == 0x86 ? uint8_t{30} : uint8_t{2}, 0, 0, 0};
        auto payload = ip(f);
        out.insert(out.end(), payload.begin(), payload.end());
        return out;
    });
    expect_same_packets(reference, import_frames(dir, DLT_NULL, loopback).events);
}

TEST(PcapImport, PcapngFromTheServerSide) {
    // dumpcap on the server; told whose capture it is, the server's replies are its sends.
    ReadOptions options;
    options.host_ip = SockAddr::parse_ip("10.206.6.1");
    auto c = read_file(fixture("pcap/ntpsec-server-eth.pcapng"), options);
    auto sends = of(c, Syscall::sendto);
    ASSERT_EQ(sends.size(), 10u);
    for (const Event& e : sends) {
        EXPECT_EQ(mode_of(e), 4);
        EXPECT_EQ(e.addr->to_string(), "10.206.6.2:123");
        EXPECT_EQ(e.sock->local.to_string(), "10.206.6.1:123");
    }
    EXPECT_EQ(of(c, Syscall::recvmsg).size(), 10u);
    // The IPv6 exchange is not the given host's.
    ASSERT_EQ(c.warnings.size(), 1u);
    EXPECT_NE(c.warnings[0].find("18 NTP packets neither from nor to 10.206.6.1 skipped"), std::string::npos);
}

TEST(PcapImport, MulticastAndHostInference) {
    TempDir dir;
    // The seed's bad client 10.1.1.10: mode 5 from four servers to the group, and a unicast
    // exchange with s51, which also sends mode 5.
    std::vector<Frame> frames;
    int64_t t = 1'000'000'000;
    for (int round = 0; round < 5; ++round)
        for (const char* server : {"10.1.1.11:123", "10.1.1.12:123", "10.1.1.51:123", "10.1.1.52:123"})
            frames.push_back(udp_frame(server, "224.0.1.1:123", 5, t += 1000));
    frames.push_back(udp_frame("10.1.1.10:123", "10.1.1.51:123", 3, t += 1000));
    frames.push_back(udp_frame("10.1.1.51:123", "10.1.1.10:123", 4, t += 1000));
    auto c = import_frames(dir, DLT_EN10MB, frames);
    ASSERT_TRUE(c.header->host_ip);
    EXPECT_EQ(c.header->host_ip->ip_string(), "10.1.1.10");
    auto receives = of(c, Syscall::recvmsg);
    ASSERT_EQ(receives.size(), 21u);
    EXPECT_EQ(receives[0].dst->ip_string(), "224.0.1.1");
    EXPECT_EQ(receives[0].sock->local.to_string(), "10.1.1.10:123");
    EXPECT_EQ(of(c, Syscall::sendto).size(), 1u);

    // The good client hears only the group: nobody in the packets is the host.
    frames.resize(20);
    auto good = import_frames(dir, DLT_EN10MB, frames);
    EXPECT_FALSE(good.header->host_ip);
    EXPECT_EQ(of(good, Syscall::recvmsg).size(), 20u);
    EXPECT_FALSE(good.events[0].sock->local.present());
    ASSERT_EQ(good.warnings.size(), 1u);
    EXPECT_NE(good.warnings[0].find("cannot tell whose capture this is"), std::string::npos);
}

TEST(PcapImport, HostInferenceScores) {
    auto datagram = [](const std::string& src, const std::string& dst) {
        import::pcap::UdpDatagram d;
        d.src = *SockAddr::parse(src);
        d.dst = *SockAddr::parse(dst);
        return d;
    };
    // A server's capture: it is in every packet, each client in a few.
    import::pcap::HostInference server;
    for (int client = 1; client <= 5; ++client) {
        std::string c = "10.0.0." + std::to_string(10 + client) + ":40000";
        server.add(datagram(c, "10.0.0.1:123"), 3);
        server.add(datagram("10.0.0.1:123", c), 4);
    }
    EXPECT_EQ(server.host(AF_INET)->ip_string(), "10.0.0.1");
    EXPECT_FALSE(server.host(AF_INET6));
    // One exchange: both ends are in every packet; the client wins the tie.
    import::pcap::HostInference tie;
    tie.add(datagram("10.0.0.9:123", "10.0.0.2:123"), 3);
    tie.add(datagram("10.0.0.2:123", "10.0.0.9:123"), 4);
    EXPECT_EQ(tie.host(AF_INET)->ip_string(), "10.0.0.9");
    // Broadcast mode and group destinations do not count.
    import::pcap::HostInference broadcast;
    broadcast.add(datagram("10.0.0.2:123", "10.0.0.255:123"), 5);
    broadcast.add(datagram("10.0.0.2:123", "255.255.255.255:123"), 4);
    EXPECT_FALSE(broadcast.main_host());
    // Dual stack: the family with more packets names the host.
    import::pcap::HostInference dual;
    dual.add(datagram("[fd00::2]:123", "[fd00::1]:123"), 3);
    dual.add(datagram("[fd00::1]:123", "[fd00::2]:123"), 4);
    dual.add(datagram("10.0.0.2:123", "10.0.0.1:123"), 3);
    EXPECT_EQ(dual.main_host()->ip_string(), "fd00::2");
    EXPECT_EQ(dual.host(AF_INET)->ip_string(), "10.0.0.2");
}

TEST(PcapImport, PortAndOtherTraffic) {
    TempDir dir;
    std::vector<Frame> frames = {udp_frame("10.0.0.2:1123", "10.0.0.1:1123", 3, 1000),
                                 udp_frame("10.0.0.2:53", "10.0.0.1:53", 3, 2000)};
    auto none = import_frames(dir, DLT_EN10MB, frames);
    EXPECT_TRUE(none.events.empty());
    ASSERT_EQ(none.warnings.size(), 1u);
    EXPECT_NE(none.warnings[0].find("no NTP packets (UDP port 123) among 2 packets"), std::string::npos);
    ReadOptions options;
    options.ntp_port = 1123;
    EXPECT_EQ(import_frames(dir, DLT_EN10MB, frames, options).events.size(), 1u);
}

TEST(PcapImport, FragmentsExtensionHeadersAndCutFrames) {
    TempDir dir;
    // IPv6 with a hop-by-hop header in front of UDP.
    SockAddr a = *SockAddr::parse("[fd00::2]:123"), b = *SockAddr::parse("[fd00::1]:123");
    std::vector<uint8_t> packet;
    std::vector<uint8_t> payload = ntp_payload(3);
    pcapng::build_udp_packet(a, b, payload, 48, 0, packet);
    std::vector<uint8_t> hop = {17, 0, 1, 4, 0, 0, 0, 0};  // next: UDP, 8 bytes, PadN
    packet[6] = 0;                                           // next header: hop-by-hop
    packet.insert(packet.begin() + 40, hop.begin(), hop.end());
    packet[5] = static_cast<uint8_t>(packet[5] + 8);
    // An IPv4 non-first fragment, and a frame cut inside the UDP header.
    Frame fragment = udp_frame("10.0.0.2:123", "10.0.0.1:123", 3, 2000);
    fragment.bytes[14 + 6] = 0x00;
    fragment.bytes[14 + 7] = 0x10;
    Frame cut = udp_frame("10.0.0.2:123", "10.0.0.1:123", 3, 3000);
    cut.bytes.resize(14 + 20 + 4);
    // A capture cut by the snap length: the real length stays.
    Frame snapped = udp_frame("10.0.0.2:123", "10.0.0.1:123", 3, 4000);
    snapped.wire_length = static_cast<uint32_t>(snapped.bytes.size());
    snapped.bytes.resize(14 + 28 + 10);
    auto c = import_frames(dir, DLT_EN10MB, {{1000, ethernet(packet), 0}, fragment, cut, snapped});
    ASSERT_EQ(c.events.size(), 2u);
    EXPECT_EQ(c.events[0].addr->to_string(), "[fd00::1]:123");
    EXPECT_EQ(c.events[0].data.size(), 48u);
    EXPECT_EQ(c.events[1].len, 48u);
    EXPECT_EQ(c.events[1].data.size(), 10u);
    EXPECT_TRUE(c.events[1].truncated());
}

TEST(PcapImport, DamagedCaptureIsReadUpToTheDamage) {
    TempDir dir;
    std::string whole = read_bytes(fixture(kEthernet));
    auto all = read_file(fixture(kEthernet)).events;
    std::string path = dir.write("cut.pcap", whole.substr(0, whole.size() / 2));
    auto c = read_file(path);
    EXPECT_FALSE(c.footer);  // like a native trace without its footer
    EXPECT_GT(c.events.size(), 0u);
    EXPECT_LT(c.events.size(), all.size());
    for (size_t i = 0; i < c.events.size(); ++i) EXPECT_EQ(c.events[i].data, all[i].data);
    ASSERT_FALSE(c.warnings.empty());
    const std::string& damage = c.warnings.front();  // first: the summary shows the first warning
    EXPECT_EQ(damage.rfind(path + ": offset ", 0), 0u) << damage;
    EXPECT_NE(damage.find("capture damaged after"), std::string::npos);
    EXPECT_NE(damage.find("read up to there"), std::string::npos);
}

TEST(PcapImport, CaptureDamagedBeforeItsFirstPacketIsAnError) {
    // It once read as a capture of 0 packets, exit 0, the damage only in the JSON.
    TempDir dir;
    const std::string whole = read_bytes(fixture(kEthernet));
    const std::string path = dir.write("header-only.pcap", whole.substr(0, 24 + 16 + 10));
    RecordingSink c;
    try {
        import::pcap::read_pcap(path, c, {});
        FAIL() << "no error";
    } catch (const InputError& e) {
        EXPECT_EQ(std::string(e.what()).rfind(path + ": offset ", 0), 0u) << e.what();
        EXPECT_NE(std::string(e.what()).find("capture damaged before its first packet"), std::string::npos) << e.what();
    }
}

// A little-endian pcapng of Ethernet frames, stamped in microseconds (pcapng's default unit).
std::string pcapng_of(const std::vector<std::pair<uint64_t, std::vector<uint8_t>>>& stamped_frames) {
    std::string out;
    auto u16 = [&](uint16_t v) { out.append(reinterpret_cast<const char*>(&v), 2); };
    auto u32 = [&](uint32_t v) { out.append(reinterpret_cast<const char*>(&v), 4); };
    u32(0x0a0d0d0a), u32(28), u32(0x1a2b3c4d), u16(1), u16(0), u32(0xffffffff), u32(0xffffffff), u32(28);
    u32(1), u32(20), u16(DLT_EN10MB), u16(0), u32(262144), u32(20);
    for (const auto& [micros, frame] : stamped_frames) {
        const auto padded = static_cast<uint32_t>((frame.size() + 3) / 4 * 4);
        u32(6), u32(32 + padded), u32(0), u32(static_cast<uint32_t>(micros >> 32)), u32(static_cast<uint32_t>(micros));
        u32(static_cast<uint32_t>(frame.size())), u32(static_cast<uint32_t>(frame.size()));
        out.append(reinterpret_cast<const char*>(frame.data()), frame.size());
        out.append(padded - frame.size(), '\0');
        u32(32 + padded);
    }
    return out;
}

TEST(PcapImport, PacketTimeBeyondNanosecondsIsDamage) {
    // Found by the pcap fuzzer: a pcapng stamp past 2262 overflowed the ns time (undefined
    // behaviour) and became an event at a made-up time.
    TempDir dir;
    const auto frames = read_frames(fixture(kEthernet));
    ASSERT_GE(frames.size(), 2u);
    const uint64_t sane = 1'700'000'000'000'000, beyond = 20'000'000'000'000'000;  // us
    const std::string path =
        dir.write("far.pcapng", pcapng_of({{sane, frames[0].bytes}, {sane + 1, frames[1].bytes}, {beyond, frames[0].bytes}}));
    auto c = read_file(path);
    for (const Event& e : c.events) EXPECT_LT(e.t, int64_t{1'800'000'000} * 1'000'000'000);
    EXPECT_FALSE(c.footer);
    ASSERT_FALSE(c.warnings.empty());
    EXPECT_NE(c.warnings.front().find("capture damaged after 2 packets (packet time 20000000000 s is out of range)"),
              std::string::npos)
        << c.warnings.front();
}

TEST(PcapImport, NotACaptureIsOneLineError) {
    TempDir dir;
    std::string garbage = dir.write("garbage.pcap", "\xd4\xc3\xb2\xa1 not really");
    RecordingSink c;
    try {
        import::pcap::read_pcap(garbage, c, {});
        FAIL();
    } catch (const InputError& e) {
        std::string message = e.what();
        EXPECT_EQ(message.rfind(garbage + ": ", 0), 0u);
        EXPECT_EQ(message.find('\n'), std::string::npos);
    }
    std::string wifi = dir.file("wifi.pcap");
    write_capture(wifi, DLT_IEEE802_11, {});
    try {
        import::pcap::read_pcap(wifi, c, {});
        FAIL();
    } catch (const InputError& e) {
        EXPECT_NE(std::string(e.what()).find("link type 105 (IEEE802_11) is not supported"), std::string::npos);
    }
}

}  // namespace
}  // namespace ntpscope::test
