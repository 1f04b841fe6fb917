// Compares a good host's model with a bad host's and ranks the differences that matter for
// NTP. The noise floor: two healthy hosts with the same configuration give no finding above
// info, whatever their fd numbers, trace lengths or start-up volleys.
#pragma once

#include <vector>

#include "core/analysis/host_model.hpp"
#include "core/diff/finding.hpp"
#include "core/diff/matching.hpp"

namespace ntpscope::diff {

struct DiffOptions {
    std::vector<Alias> aliases;
};

struct DiffReport {
    analysis::HostModel good;
    analysis::HostModel bad;
    std::vector<PeerMatch> peers;
    std::vector<SocketMatch> sockets;
    std::vector<Finding> findings;  // most important first, ranks 1..n

    const analysis::PeerModel* good_peer(const PeerMatch& m) const {
        return m.good ? &good.peers[*m.good] : nullptr;
    }
    const analysis::PeerModel* bad_peer(const PeerMatch& m) const {
        return m.bad ? &bad.peers[*m.bad] : nullptr;
    }
    const analysis::SocketModel* good_socket(const SocketMatch& m) const {
        return m.good ? &good.sockets[*m.good] : nullptr;
    }
    const analysis::SocketModel* bad_socket(const SocketMatch& m) const {
        return m.bad ? &bad.sockets[*m.bad] : nullptr;
    }
    size_t count(Severity s) const;
    // The CLI's exit status: 1 when a finding is above info, else 0 (2 is for errors).
    int exit_status() const;
};

DiffReport compare_hosts(analysis::HostModel good, analysis::HostModel bad,
                         const DiffOptions& options = {});

}  // namespace ntpscope::diff
