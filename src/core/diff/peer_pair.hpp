// One peer as both hosts see it, and the comparisons made on it. The comparisons live in
// one file per family (association and polling, the server's answers, timing) and share
// PeerPair, so every peer finding is titled, measured and cited the same way.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/analysis/peer_model.hpp"
#include "core/diff/compare.hpp"
#include "core/diff/evidence.hpp"
#include "core/ntp/packet.hpp"

namespace ntpscope::diff {

struct PeerPair {
    const DiffReport& report;
    const PeerMatch& match;
    const analysis::PeerModel* good;
    const analysis::PeerModel* bad;
    double good_s;
    double bad_s;

    // "10.0.0.1", or "10.0.0.1 (10.1.0.1 on the bad host)" under --alias.
    std::string name() const;
    Finding finding(Kind kind, Severity severity, const std::string& what, double magnitude = 0) const;
    template <typename F>
    Metric metric(std::string key, std::string label, std::string unit, F value) const {
        return Metric{std::move(key), std::move(label), std::move(unit),
                      good ? Value(value(*good)) : Value{}, bad ? Value(value(*bad)) : Value{}};
    }
    Metric hourly(std::string key, std::string label, uint64_t (*n)(const analysis::PeerModel&)) const;

    // Metrics most findings cite.
    Metric type() const;
    Metric requests() const;
    Metric answered() const;
    Metric unanswered() const;
    Metric interval() const;
    Metric poll() const;
    Metric broadcasts() const;
    Metric sockets() const;

    void cite_good(Finding& f, analysis::PeerExample kind, size_t n) const;
    void cite_bad(Finding& f, analysis::PeerExample kind, size_t n) const;
};

// NTP packets of mode `m` the host received from the peer.
uint64_t received_mode(const analysis::PeerModel& p, ntp::Mode m);

// Association and polling (peer_association_findings.cpp).
void compare_association(const PeerPair& pp, std::vector<Finding>& out);
void compare_presence(const PeerPair& pp, std::vector<Finding>& out);
void compare_broadcasts(const PeerPair& pp, std::vector<Finding>& out);
void compare_polling(const PeerPair& pp, std::vector<Finding>& out);
// How the server answers (peer_answer_findings.cpp).
void compare_replies(const PeerPair& pp, std::vector<Finding>& out);
void compare_kisses(const PeerPair& pp, std::vector<Finding>& out);
void compare_auth(const PeerPair& pp, std::vector<Finding>& out);
// Offset and delay (peer_timing_findings.cpp).
void compare_timing(const PeerPair& pp, std::vector<Finding>& out);

}  // namespace ntpscope::diff
