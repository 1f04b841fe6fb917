// One peer's packets on both hosts as an inline SVG: a band per host, a row for what the host
// sent and one for what it received, a tick per packet coloured by NTP mode, along the time
// since each trace's start. The bad host's 1024 s mode-3 rhythm against the good host's
// silence shows at a glance.
#pragma once

#include <string>

#include "core/diff/compare.hpp"

namespace ntpscope::report {

// <svg class="timeline" data-peer="IP" ...>; every text in it is HTML-escaped.
std::string timeline_svg(const diff::DiffReport& report, const diff::PeerMatch& peer);

}  // namespace ntpscope::report
