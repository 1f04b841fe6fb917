// The per-host model: what one trace says about one host's NTP daemon, rebuilt from the wire
// (peers and their associations), from its sockets and from its clock discipline calls.
// HostAnalyzer (host_analyzer.hpp) builds it by streaming events; the summary renderers and
// the diff engine read it. Every container is bounded by per-peer aggregates, never by the
// trace length (tuning.hpp). docs/analysis.md ("Per-host model") explains how each value is
// derived.
#pragma once

#include <vector>

#include "core/analysis/clock_model.hpp"
#include "core/analysis/peer_model.hpp"
#include "core/analysis/socket_model.hpp"
#include "core/analysis/trace_meta.hpp"
#include "core/model/sockaddr.hpp"

namespace ntpscope::analysis {

struct HostModel {
    TraceMeta meta;
    std::vector<PeerModel> peers;      // sorted by address
    std::vector<SocketModel> sockets;  // sorted by role, then local address
    ClockModel clock;
    std::vector<Note> notes;

    // Peer by IP (the port is ignored); nullptr when the host never talked to it.
    const PeerModel* find_peer(const SockAddr& address) const;
    bool has_note(NoteCode c) const;
};

}  // namespace ntpscope::analysis
