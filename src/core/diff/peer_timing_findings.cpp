// Offset and delay to the peer, from the samples each host's ntpd would use.
#include <cmath>

#include <fmt/format.h>

#include "core/diff/peer_pair.hpp"

namespace ntpscope::diff {

using analysis::PeerExample;
using analysis::PeerModel;

void compare_timing(const PeerPair& pp, std::vector<Finding>& out) {
    const PeerModel* g = pp.good;
    const PeerModel* b = pp.bad;
    if (!g || !b) return;
    // What each host's ntpd uses: exchanges for a polled server, mode-5 packets for a
    // listened-to one.
    const analysis::Timing& gt = g->shown_timing();
    const analysis::Timing& bt = b->shown_timing();
    if (gt.samples < 4 || bt.samples < 4) return;
    const auto cite_samples = [&](Finding& f) {
        for (PeerExample k : {PeerExample::reply_received, PeerExample::broadcast_received}) {
            pp.cite_good(f, k, 2);
            pp.cite_bad(f, k, 2);
        }
    };
    const double bad_offset = std::fabs(bt.offsets.mean);
    if (const auto severity = offset_gap(std::fabs(gt.offsets.mean), bad_offset)) {
        Finding f = pp.finding(Kind::offset_divergence, *severity,
                               fmt::format("bad host's mean offset to it is {} (good host: {})",
                                           seconds_text(bt.offsets.mean, true),
                                           seconds_text(gt.offsets.mean, true)),
                               saturate(bad_offset / kStepThreshold));
        f.evidence.metrics = {
            pp.metric("offset_mean", "offset (mean)", "s",
                      [](const PeerModel& p) { return Value(p.shown_timing().offsets.mean); }),
            pp.metric("offset_last", "offset (last)", "s",
                      [](const PeerModel& p) { return Value(p.shown_timing().offset); }),
            pp.metric("jitter", "jitter", "s", [](const PeerModel& p) { return Value(p.shown_timing().jitter); }),
            pp.metric("samples", "offset samples", "",
                      [](const PeerModel& p) { return count(p.shown_timing().samples); }),
        };
        cite_samples(f);
        out.push_back(std::move(f));
    }
    const double good_delay = gt.delays.mean;
    const double bad_delay = bt.delays.mean;
    if (stands_out(good_delay, bad_delay)) {
        Finding f = pp.finding(Kind::delay_divergence, Severity::info,
                               fmt::format("round-trip delay from the bad host is {} (good host: {})",
                                           seconds_text(bad_delay), seconds_text(good_delay)),
                               saturate(bad_delay / kStepThreshold));
        f.evidence.metrics = {
            pp.metric("delay_mean", "delay (mean)", "s",
                      [](const PeerModel& p) { return Value(p.shown_timing().delays.mean); }),
            pp.metric("delay_max", "delay (max)", "s",
                      [](const PeerModel& p) { return Value(p.shown_timing().delays.max); }),
            pp.metric("samples", "delay samples", "",
                      [](const PeerModel& p) { return count(p.shown_timing().samples); }),
        };
        cite_samples(f);
        out.push_back(std::move(f));
    }
}

}  // namespace ntpscope::diff
