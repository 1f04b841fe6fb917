#include "core/import/pcap/import.hpp"

#include <pcap/pcap.h>
#include <sys/socket.h>

#include <cstring>
#include <limits>

#include <fmt/format.h>

#include "core/import/import_stream.hpp"
#include "core/import/pcap/capture_host.hpp"
#include "core/import/pcap/udp_frame.hpp"
#include "core/model/error.hpp"

namespace ntpscope::import::pcap {

namespace {

constexpr uint32_t kPcapMagics[] = {0xa1b2c3d4, 0xd4c3b2a1, 0xa1b23c4d, 0x4d3cb2a1};
constexpr uint32_t kPcapngMagic = 0x0a0d0d0a;
// Host inference looks at the start of a capture: a million packets name the host as surely as
// the whole file would, and a large capture is then read about once instead of twice.
constexpr uint64_t kInferencePackets = 1'000'000;
constexpr int64_t kSecond = 1'000'000'000;
// The latest packet time (s) whose ns, plus up to a second of fraction, fit in an int64_t.
constexpr int64_t kLatestSecond = std::numeric_limits<int64_t>::max() / kSecond - 1;

// One pass over a capture with libpcap, nanosecond timestamps.
class Capture {
public:
    explicit Capture(const std::string& path) : path_(path) {
        char error[PCAP_ERRBUF_SIZE] = {};
        pcap_ = pcap_open_offline_with_tstamp_precision(path.c_str(), PCAP_TSTAMP_PRECISION_NANO, error);
        if (!pcap_) throw InputError(path + ": cannot read capture: " + error);
        dlt_ = pcap_datalink(pcap_);
        if (!supported_linktype(dlt_)) {
            const char* name = pcap_datalink_val_to_name(dlt_);
            std::string message = fmt::format(
                "{}: link type {} ({}) is not supported (Ethernet, Linux cooked SLL/SLL2, raw IP, loopback)",
                path, dlt_, name ? name : "unknown");
            pcap_close(pcap_);
            throw InputError(message);
        }
    }
    ~Capture() { pcap_close(pcap_); }
    Capture(const Capture&) = delete;
    Capture& operator=(const Capture&) = delete;

    enum class Next { packet, end, damaged };
    Next next() {
        int rc = pcap_next_ex(pcap_, &header_, &data_);
        if (rc == 1) {
            // pcapng stamps are 64-bit counts of any unit: one past 2262 has no time in ns.
            if (header_->ts.tv_sec < -kLatestSecond || header_->ts.tv_sec > kLatestSecond) {
                damage_ = fmt::format("packet time {} s is out of range", header_->ts.tv_sec);
                return Next::damaged;
            }
            ++packets_;
            return Next::packet;
        }
        if (rc != PCAP_ERROR_BREAK) damage_ = pcap_geterr(pcap_);
        return rc == PCAP_ERROR_BREAK ? Next::end : Next::damaged;
    }
    int64_t time() const { return int64_t{header_->ts.tv_sec} * kSecond + header_->ts.tv_usec; }
    std::optional<UdpDatagram> udp(uint16_t port) const {
        auto datagram = parse_udp(dlt_, {data_, header_->caplen});
        if (!datagram || (datagram->src.port != port && datagram->dst.port != port)) return std::nullopt;
        return datagram;
    }
    std::string damage() const {
        long offset = std::ftell(pcap_file(pcap_));
        if (packets_ == 0)
            return fmt::format("{}: offset {}: capture damaged before its first packet ({})", path_, offset, damage_);
        return fmt::format("{}: offset {}: capture damaged after {} packets ({}); read up to there", path_,
                           offset, packets_, damage_);
    }
    uint32_t snaplen() const { return static_cast<uint32_t>(pcap_snapshot(pcap_)); }
    uint64_t packets() const { return packets_; }

private:
    std::string path_;
    pcap_t* pcap_ = nullptr;
    int dlt_ = 0;
    pcap_pkthdr* header_ = nullptr;
    const u_char* data_ = nullptr;
    uint64_t packets_ = 0;
    std::string damage_;  // why next() said damaged
};

// The capture's host: an address of each family (a dual-stack host has two), and the one the
// header names.
struct Hosts {
    std::optional<SockAddr> v4, v6, main;
    const std::optional<SockAddr>& of(const SockAddr& addr) const { return addr.family == AF_INET ? v4 : v6; }
    std::string text() const {
        if (v4 && v6) return v4->ip_string() + " or " + v6->ip_string();
        return v4 ? v4->ip_string() : v6 ? v6->ip_string() : "the host";
    }
};

// The user's --host-ip is the host, and only it: the packets of its other family (if any) are
// then not the host's.
Hosts find_hosts(const std::string& path, const ReadOptions& options) {
    Hosts hosts;
    if (options.host_ip) {
        hosts.main = options.host_ip->without_port();
        (hosts.main->family == AF_INET ? hosts.v4 : hosts.v6) = hosts.main;
        return hosts;
    }
    Capture capture(path);
    HostInference inference;
    while (capture.packets() < kInferencePackets && capture.next() == Capture::Next::packet)
        if (auto datagram = capture.udp(options.ntp_port)) inference.add(*datagram, ntp_mode(datagram->payload));
    hosts.v4 = inference.host(AF_INET);
    hosts.v6 = inference.host(AF_INET6);
    hosts.main = inference.main_host();
    return hosts;
}

}  // namespace

bool looks_like_pcap(std::string_view prefix) {
    if (prefix.size() < 4) return false;
    uint32_t magic;
    std::memcpy(&magic, prefix.data(), 4);
    for (uint32_t m : kPcapMagics)
        if (magic == m) return true;
    return magic == kPcapngMagic;  // the same in both byte orders
}

void read_pcap(const std::string& path, EventSink& sink, const ReadOptions& options) {
    const Hosts hosts = find_hosts(path, options);

    Capture capture(path);
    TraceHeader header;
    header.source = "pcap";
    header.snaplen = capture.snaplen();
    header.host_ip = hosts.main;
    ImportStream stream(sink, header);
    uint64_t ntp_packets = 0, foreign = 0;
    // Every event of a capture has the same shape: only these fields change from packet to packet.
    Event event;
    event.fd = -1;
    event.sock.emplace();
    event.sock->type = SOCK_DGRAM;
    Capture::Next next;
    while ((next = capture.next()) == Capture::Next::packet) {
        auto datagram = capture.udp(options.ntp_port);
        if (!datagram) continue;
        ++ntp_packets;
        SockAddr src = datagram->src.without_port();
        SockAddr dst = datagram->dst.without_port();
        const std::optional<SockAddr>& host = hosts.of(src);
        bool sent = host && src == *host;
        // Broadcast and multicast packets reach the host without naming it. With no host known
        // at all (a capture of multicast only), every packet is taken as received.
        bool to_group = is_group_address(dst) || ntp_mode(datagram->payload) == 5;
        bool received = host ? (dst == *host || to_group) : (!hosts.main || to_group);
        if (!sent && !received) {
            ++foreign;
            continue;
        }
        event.t = capture.time();
        event.syscall = sent ? Syscall::sendto : Syscall::recvmsg;
        event.sock->family = datagram->src.family;
        event.sock->local = host ? *host : SockAddr{};
        if (host) event.sock->local.port = sent ? datagram->src.port : datagram->dst.port;
        event.addr = sent ? datagram->dst : datagram->src;
        if (sent) event.dst.reset();
        else event.dst = dst;
        event.len = datagram->length;
        event.ret = datagram->length;
        event.data.assign(datagram->payload.begin(), datagram->payload.end());
        stream.event(event);
    }
    // The damage first: it is what a reader must see (the summary shows the first warning),
    // and a capture damaged before its first packet holds nothing to report.
    if (next == Capture::Next::damaged) {
        if (capture.packets() == 0) throw InputError(capture.damage());
        sink.on_warning(capture.damage());
    }
    if (ntp_packets == 0)
        sink.on_warning(fmt::format("{}: no NTP packets (UDP port {}) among {} packets", path, options.ntp_port,
                                    capture.packets()));
    else if (!hosts.main)
        sink.on_warning(fmt::format("{}: cannot tell whose capture this is (no unicast NTP exchange): all {} NTP "
                                    "packets are taken as received; give the host's address with --host-ip",
                                    path, ntp_packets));
    if (foreign > 0)
        sink.on_warning(fmt::format("{}: {} NTP packets neither from nor to {} skipped (--host-ip picks the host)",
                                    path, foreign, hosts.text()));
    stream.finish(next != Capture::Next::damaged);
}

}  // namespace ntpscope::import::pcap
