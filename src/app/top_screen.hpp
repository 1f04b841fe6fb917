// The screen of `ntpscope top`: what is recorded, the status line (events, sockets, peers,
// lost), the ntpq -p table rebuilt from the wire, and the latest change lines. Plain ANSI only
// (cursor home, erase to end of line and of screen), so it works on any terminal over ssh.
#pragma once

#include <deque>
#include <span>
#include <string>

#include "core/analysis/peer_model.hpp"
#include "probe/recorder.hpp"

namespace ntpscope::app {

struct TopFrame {
    std::string target;  // "pid 812 (ntpd)" or "processes named ntpd"
    const probe::RecordStatus& status;
    std::span<const analysis::PeerModel> peers;
    const std::deque<std::string>& changes;  // change lines, oldest first
    bool colour = false;                     // headings in reverse video; never with NO_COLOR
};

// The frame from the top left, each line erased to its end and the rest of the screen cleared,
// so a redraw never flickers or leaves a longer line's tail behind. Trace text is cleaned.
std::string render_top_screen(const TopFrame& frame);

}  // namespace ntpscope::app
