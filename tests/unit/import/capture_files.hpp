// Reading and writing capture files in tests, with libpcap: the frames of a committed capture,
// and new captures of any link type built from them or from scratch.
#pragma once

#include <pcap/pcap.h>

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace ntpscope::test {

struct Frame {
    int64_t t = 0;  // ns
    std::vector<uint8_t> bytes;
    uint32_t wire_length = 0;  // 0: the same as bytes.size()
};

inline std::vector<Frame> read_frames(const std::string& path, int* dlt = nullptr) {
    char error[PCAP_ERRBUF_SIZE];
    pcap_t* p = pcap_open_offline_with_tstamp_precision(path.c_str(), PCAP_TSTAMP_PRECISION_NANO, error);
    if (!p) throw std::runtime_error(error);
    if (dlt) *dlt = pcap_datalink(p);
    std::vector<Frame> frames;
    pcap_pkthdr* header;
    const u_char* data;
    while (pcap_next_ex(p, &header, &data) == 1)
        frames.push_back({int64_t{header->ts.tv_sec} * 1'000'000'000 + header->ts.tv_usec,
                          std::vector<uint8_t>(data, data + header->caplen), header->len});
    pcap_close(p);
    return frames;
}

inline void write_capture(const std::string& path, int dlt, const std::vector<Frame>& frames) {
    pcap_t* p = pcap_open_dead_with_tstamp_precision(dlt, 262144, PCAP_TSTAMP_PRECISION_NANO);
    pcap_dumper_t* dumper = pcap_dump_open(p, path.c_str());
    if (!dumper) throw std::runtime_error(pcap_geterr(p));
    for (const Frame& f : frames) {
        pcap_pkthdr header{};
        header.ts.tv_sec = f.t / 1'000'000'000;
        header.ts.tv_usec = f.t % 1'000'000'000;  // nanoseconds: the dead handle's precision
        header.caplen = static_cast<uint32_t>(f.bytes.size());
        header.len = f.wire_length ? f.wire_length : header.caplen;
        pcap_dump(reinterpret_cast<u_char*>(dumper), &header, f.bytes.data());
    }
    pcap_dump_close(dumper);
    pcap_close(p);
}

// An Ethernet frame (MACs made up) around an IP packet.
inline std::vector<uint8_t> ethernet(const std::vector<uint8_t>& ip_packet) {
    std::vector<uint8_t> frame = {2, 0, 0, 0, 0, 1, 2, 0, 0, 0, 0, 2};
    bool v6 = !ip_packet.empty() && (ip_packet[0] >> 4) == 6;
    frame.push_back(v6 ? 0x86 : 0x08);
    frame.push_back(v6 ? 0xdd : 0x00);
    frame.insert(frame.end(), ip_packet.begin(), ip_packet.end());
    return frame;
}

}  // namespace ntpscope::test
