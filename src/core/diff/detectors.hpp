// The comparisons behind the findings, one area each. Each appends what it finds to `out`;
// compare_hosts ranks the lot.
#pragma once

#include <vector>

#include "core/diff/compare.hpp"

namespace ntpscope::diff {

// Association type, modes, volleys versus steady polling, replies, KoD, authentication,
// offset and delay of one peer as the two hosts see it.
void find_peer_differences(const DiffReport& report, const PeerMatch& match,
                           std::vector<Finding>& out);
// Receive calls, EAGAIN reads, sends, errors of one socket role.
void find_socket_differences(const DiffReport& report, const SocketMatch& match,
                             std::vector<Finding>& out);
// Clock discipline: steps, adjtimex/clock_adjtime rate, status, offset, frequency.
void find_clock_differences(const DiffReport& report, std::vector<Finding>& out);
// Who touches the clock: other processes disciplining or stepping it beside the daemon.
void find_clock_writer_differences(const DiffReport& report, std::vector<Finding>& out);
// What each trace says about its own completeness (lost events, missing footer, ...).
void find_trace_differences(const DiffReport& report, std::vector<Finding>& out);

}  // namespace ntpscope::diff
