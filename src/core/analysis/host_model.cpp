#include "core/analysis/host_model.hpp"

#include <algorithm>

namespace ntpscope::analysis {

const PeerModel* HostModel::find_peer(const SockAddr& address) const {
    const SockAddr key = peer_key(address);
    auto it = std::find_if(peers.begin(), peers.end(),
                           [&](const PeerModel& p) { return p.address == key; });
    return it == peers.end() ? nullptr : &*it;
}

bool HostModel::has_note(NoteCode c) const {
    return std::any_of(notes.begin(), notes.end(), [&](const Note& n) { return n.code == c; });
}

}  // namespace ntpscope::analysis
