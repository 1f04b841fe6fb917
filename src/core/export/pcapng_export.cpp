#include "core/export/pcapng_export.hpp"

#include <netinet/in.h>
#include <sys/socket.h>

#include <optional>
#include <utility>

#include <fmt/format.h>

#include "core/export/event_text.hpp"
#include "core/export/udp_packet.hpp"
#include "core/model/datagram_peer.hpp"

namespace ntpscope::pcapng {

namespace {

constexpr uint16_t kSyslogPort = 514;
constexpr std::string_view kSyslogPrefix = "<15>ntpscope: ";  // facility user, severity debug

struct Endpoints {
    SockAddr src;
    SockAddr dst;
};

SockAddr unspecified(uint16_t family, uint16_t port) {
    SockAddr a;
    a.family = family;
    a.port = port;
    return a;
}

// The packet's two ends, or nothing when the event names neither or is not on an IP socket.
std::optional<Endpoints> endpoints(const Event& e) {
    if (e.sock && e.sock->family != 0 && e.sock->family != AF_INET && e.sock->family != AF_INET6) return std::nullopt;
    SockAddr remote = datagram_peer(e);
    SockAddr local = e.sock ? e.sock->local : SockAddr{};
    if (is_receive(e.syscall) && e.dst) {
        uint16_t port = local.port;
        local = *e.dst;
        local.port = port;
    }
    if (!remote.present() && !local.present()) return std::nullopt;
    remote = as_packet_address(remote);
    local = as_packet_address(local);
    uint16_t family = remote.present() ? remote.family : local.family;
    // A socket bound to a multicast group sends from its interface's address, which the event
    // does not name.
    if (local.family != family || (is_send(e.syscall) && local.is_multicast())) local = unspecified(family, local.port);
    if (remote.family != family) remote = unspecified(family, remote.port);
    if (is_send(e.syscall)) return Endpoints{local, remote};
    return Endpoints{remote, local};
}

}  // namespace

PcapngExporter::PcapngExporter(std::FILE* out, std::string input_name, Warn warn)
    : writer_(out), input_name_(std::move(input_name)), warn_(std::move(warn)) {}

void PcapngExporter::start(const TraceHeader* header) {
    if (started_) return;
    started_ = true;
    std::string comment = fmt::format("ntpscope export of {}", input_name_);
    if (header) {
        comment += fmt::format(" (a {} trace", header->source);
        if (!header->host.empty()) comment += fmt::format(" of host {}", header->host);
        if (header->host_ip) comment += fmt::format(" taken at {}", header->host_ip->ip_string());
        comment += ")";
    }
    comment +=
        ". Each UDP packet stands for one send or receive call of the traced process, rebuilt from the "
        "socket addresses; its comment names the call. Syslog messages from 127.0.0.1 to port 514 carry "
        "the trace's other events (clock calls, socket life cycle, failed calls): they were not on the wire.";
    writer_.section("ntpscope", comment);
    writer_.interface(kLinktypeRaw, "ntpscope", "datagrams of the traced process, from its system calls");
}

void PcapngExporter::on_header(const TraceHeader& header) { start(&header); }

void PcapngExporter::on_event(const Event& event) {
    start(nullptr);
    // A read of the error queue (chronyd's transmit timestamps) returns the host's own packet:
    // not a datagram that arrived.
    bool error_queue = is_receive(event.syscall) && (event.flags & MSG_ERRQUEUE) != 0;
    std::optional<Endpoints> ends;
    if (is_datagram(event.syscall) && !event.failed() && event.ret >= 0 && !error_queue) ends = endpoints(event);
    if (!ends) {
        note(event.t, describe_event(event));
        return;
    }
    frame_.clear();
    uint32_t length = build_udp_packet(ends->src, ends->dst, event.data, event.len, ip_id_++, frame_);
    writer_.packet(0, event.t, frame_, length, describe_event(event),
                   is_send(event.syscall) ? Direction::outbound : Direction::inbound);
    ++packets_;
}

void PcapngExporter::note(int64_t t, const std::string& text) {
    std::string message = std::string(kSyslogPrefix) + text;
    SockAddr loopback = SockAddr::v4(INADDR_LOOPBACK, kSyslogPort);
    frame_.clear();
    auto bytes = std::span(reinterpret_cast<const uint8_t*>(message.data()), message.size());
    uint32_t length = build_udp_packet(loopback, loopback, bytes, static_cast<uint32_t>(bytes.size()), ip_id_++, frame_);
    writer_.packet(0, t, frame_, length, text, Direction::unknown);
    ++notes_;
}

void PcapngExporter::on_footer(const TraceFooter& footer) {
    start(nullptr);
    if (footer.lost > 0)
        note(footer.end, fmt::format("{} events were lost while recording (the ring buffer was full)", footer.lost));
}

void PcapngExporter::on_warning(const std::string& message) { warn_(message); }

void PcapngExporter::finish() {
    start(nullptr);
    writer_.flush();
}

}  // namespace ntpscope::pcapng
