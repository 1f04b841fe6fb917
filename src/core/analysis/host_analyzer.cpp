#include "core/analysis/host_analyzer.hpp"

#include <algorithm>
#include <cerrno>
#include <map>

#include "core/analysis/clock_tracker.hpp"
#include "core/analysis/host_notes.hpp"
#include "core/analysis/peer_tracker.hpp"
#include "core/analysis/socket_table.hpp"
#include "core/analysis/tuning.hpp"
#include "core/model/datagram_peer.hpp"
#include "core/ntp/packet.hpp"

namespace ntpscope::analysis {

namespace {

constexpr size_t kMaxGroups = 8;

ExampleEvent make_example(const Event& e, const SockAddr& peer) {
    ExampleEvent x;
    x.t = e.t;
    x.syscall = e.syscall;
    x.fd = e.fd;
    x.pid = e.pid;
    x.ret = e.ret;
    x.err = e.err;
    x.len = e.len;
    x.peer = peer;
    if (e.sock) x.local = e.sock->local;
    return x;
}

// A MSG_ERRQUEUE read hands back a copy of a packet the host sent, with its kernel transmit
// timestamp (chronyd): its IP_PKTINFO destination is the peer, not a local address. Loopback
// is left out, where a packet from the host to itself looks the same.
bool is_sent_copy(const Event& e, const SockAddr& peer_address) {
    return e.dst && peer_address.present() && !peer_address.is_loopback() &&
           peer_key(*e.dst) == peer_key(peer_address);
}

// ntpd 4.2.8 reads every packet that also reached its wildcard socket with a 16-byte buffer and
// drops it (the full copy is read on the group socket). No NTP packet is shorter than its
// 48-byte header, so a shorter datagram there is such a read, not a packet.
bool is_drain_read(const Event& e, SocketRole role) {
    return role == SocketRole::wildcard && e.len < ntp::kHeaderSize;
}

}  // namespace

struct HostAnalyzer::State {
    explicit State(const ReadOptions& o) : options(o), sockets(o.ntp_port) {}

    void on_event(const Event& e);
    void on_datagram(const Event& e);
    void on_process(const Event& e);
    PeerTracker* peer(const SockAddr& address);

    ReadOptions options;
    HostModel model;
    SocketTable sockets;
    ClockTracker clock;
    std::map<SockAddr, PeerTracker> peers;
    // The peer found last: a reply follows its request, a drain reads one peer's packets.
    std::map<SockAddr, PeerTracker>::iterator last_peer = peers.end();
    int64_t first_t = 0;
    int64_t last_t = 0;
    int64_t footer_end = 0;
};

HostAnalyzer::HostAnalyzer(const ReadOptions& options) : state_(std::make_unique<State>(options)) {}
HostAnalyzer::~HostAnalyzer() = default;

void HostAnalyzer::on_header(const TraceHeader& header) {
    TraceMeta& meta = state_->model.meta;
    meta.source = header.source;
    meta.tool = header.tool;
    meta.host = header.host;
    meta.kernel = header.kernel;
    meta.host_ip = header.host_ip;
    meta.date_from = header.date_from;
    meta.targets = header.targets;
    meta.start = header.start;
}

void HostAnalyzer::on_event(const Event& event) { state_->on_event(event); }

void HostAnalyzer::on_footer(const TraceFooter& footer) {
    TraceMeta& meta = state_->model.meta;
    meta.footer = true;
    meta.footer_events = footer.events;
    meta.lost = footer.lost;
    state_->footer_end = footer.end;
}

void HostAnalyzer::on_warning(const std::string& message) {
    state_->model.meta.warnings.add(message);
}

void HostAnalyzer::State::on_event(const Event& e) {
    TraceMeta& meta = model.meta;
    if (meta.events == 0) first_t = e.t;
    last_t = e.t;
    ++meta.events;
    ++meta.events_by_syscall[static_cast<size_t>(e.syscall)];
    meta.omitted += e.omitted;

    if (is_datagram(e.syscall)) {
        on_datagram(e);
    } else if (is_clock(e.syscall)) {
        clock.on_event(e);
    } else if (e.syscall == Syscall::exec || e.syscall == Syscall::exit) {
        on_process(e);
    } else if (e.syscall == Syscall::setsockopt && !e.failed() && e.opt && e.opt->group) {
        std::vector<SockAddr>& groups = sockets.entry(e).groups;
        if (groups.size() < kMaxGroups &&
            std::find(groups.begin(), groups.end(), *e.opt->group) == groups.end())
            groups.push_back(*e.opt->group);
    } else if (e.syscall == Syscall::bind && !e.failed() && e.addr && e.addr->port != 0) {
        sockets.entry_for_bind(e);
    }
}

void HostAnalyzer::State::on_process(const Event& e) {
    model.meta.processes.add(ProcessEvent{e.t, e.syscall, e.pid, e.comm});
    if (e.syscall == Syscall::exec)
        for (auto& [address, tracker] : peers) tracker.on_restart();
}

PeerTracker* HostAnalyzer::State::peer(const SockAddr& address) {
    const SockAddr key = peer_key(address);
    if (last_peer != peers.end() && last_peer->first == key) return &last_peer->second;
    auto it = peers.find(key);
    if (it == peers.end()) {
        if (peers.size() >= kMaxPeers) return nullptr;
        it = peers.emplace(key, PeerTracker(key)).first;
    }
    last_peer = it;
    return &it->second;
}

void HostAnalyzer::State::on_datagram(const Event& e) {
    SocketModel& sock = sockets.entry(e);
    const bool rx = is_receive(e.syscall);
    const SockAddr peer_address = datagram_peer(e);
    ExampleEvent example = make_example(e, peer_address);
    auto cite = [&](SocketExample kind) { sock.examples[static_cast<size_t>(kind)].add(example); };

    if (e.msg_index == 0) ++(rx ? sock.receive_calls : sock.send_calls);
    if (e.failed()) {
        ++sock.errors.at(e.err);
        const bool eagain = rx && (e.err == EAGAIN || e.err == EWOULDBLOCK);
        if (eagain) ++sock.eagain;
        else ++(rx ? sock.receive_errors : sock.send_errors);
        cite(eagain ? SocketExample::eagain : SocketExample::error);
        return;
    }
    if (rx && is_sent_copy(e, peer_address)) {
        ++sock.sent_copies;
        PeerTracker* tracker = peer(peer_address);
        if (tracker && e.rx_time) tracker->on_transmit_timestamp(*e.rx_time);
        return;
    }
    ++(rx ? sock.received : sock.sent);
    (rx ? sock.bytes_received : sock.bytes_sent) += e.len;
    if (e.truncated()) ++sock.truncated;
    if (peer_address.present()) SocketTable::add_peer(sock, peer_address);

    const uint16_t local_port = e.sock ? e.sock->local.port : 0;
    const bool ntp_port = local_port == options.ntp_port || peer_address.port == options.ntp_port ||
                          sock.role == SocketRole::unknown;
    if (!carries_ntp(sock.role) || !ntp_port) {
        cite(rx ? SocketExample::received : SocketExample::sent);
        return;
    }

    if (rx && is_drain_read(e, sock.role)) {
        cite(SocketExample::received);
        if (PeerTracker* tracker = peer_address.present() ? peer(peer_address) : nullptr)
            tracker->on_drain_read();
        return;
    }
    if (e.truncated()) ++model.meta.truncated_payloads;
    const ntp::Packet packet = ntp::decode(e.data, e.len);
    if (packet.kind == ntp::Kind::not_ntp) {
        ++sock.not_ntp;
    } else if (packet.captured >= 1) {
        example.ntp_mode = static_cast<int8_t>(packet.mode);
        example.ntp_poll = packet.poll;
    }
    cite(rx ? SocketExample::received : SocketExample::sent);
    if (!peer_address.present()) return;

    PeerTracker* tracker = peer(peer_address);
    if (!tracker) {
        ++model.meta.untracked_peer_packets;
        return;
    }
    const bool to_multicast =
        (e.dst && e.dst->is_multicast()) || sock.role == SocketRole::multicast_group;
    tracker->on_datagram(PeerDatagram{
        .event = e,
        .direction = rx ? Direction::received : Direction::sent,
        .packet = packet,
        .peer = peer_address,
        .to_multicast = to_multicast,
        .example = example,
    });
}

std::vector<PeerModel> HostAnalyzer::peers_at(int64_t end) const {
    std::vector<PeerModel> peers;
    peers.reserve(state_->peers.size());
    for (const auto& [address, tracker] : state_->peers) peers.push_back(tracker.snapshot(end));
    return peers;
}

HostModel HostAnalyzer::finish() {
    State& s = *state_;
    HostModel& model = s.model;
    TraceMeta& meta = model.meta;
    if (meta.start == 0) meta.start = s.first_t;
    meta.end = s.footer_end ? s.footer_end : s.last_t;
    meta.duration = meta.end > meta.start ? static_cast<double>(meta.end - meta.start) * 1e-9 : 0;

    model.peers.reserve(s.peers.size());
    for (auto& [address, tracker] : s.peers) model.peers.push_back(tracker.finish(meta.end));
    s.peers.clear();
    s.last_peer = s.peers.end();
    model.sockets = s.sockets.take();
    model.clock = s.clock.finish();
    model.notes = derive_notes(model);
    return std::move(model);
}

}  // namespace ntpscope::analysis
