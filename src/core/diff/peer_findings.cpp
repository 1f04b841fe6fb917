// PeerPair's shared metrics and citations, and the order the peer comparisons run in.
#include <fmt/format.h>

#include "core/diff/detectors.hpp"
#include "core/diff/peer_pair.hpp"

namespace ntpscope::diff {

using analysis::PeerExample;
using analysis::PeerModel;

namespace {

// What a reply or request was, where its mode alone does not say it.
std::string_view note(PeerExample kind) {
    switch (kind) {
        case PeerExample::kiss_of_death: return "Kiss-o'-Death";
        case PeerExample::crypto_nak: return "crypto-NAK";
        case PeerExample::unanswered_request: return "no reply";
        default: return {};
    }
}

}  // namespace

uint64_t received_mode(const PeerModel& p, ntp::Mode m) {
    return p.packets.by_mode[static_cast<size_t>(m)].received;
}

std::string PeerPair::name() const {
    if (good && bad && good->address != bad->address)
        return fmt::format("{} ({} on the bad host)", good->name(), bad->name());
    return match.name;
}

Finding PeerPair::finding(Kind kind, Severity severity, const std::string& what, double magnitude) const {
    Finding f = make_finding(kind, severity, name() + ": " + what, magnitude);
    f.peer = match.name;
    return f;
}

Metric PeerPair::hourly(std::string key, std::string label, uint64_t (*n)(const PeerModel&)) const {
    return Metric{std::move(key), std::move(label), "/h",
                  good ? Value(per_hour(n(*good), good_s)) : Value{},
                  bad ? Value(per_hour(n(*bad), bad_s)) : Value{}};
}

Metric PeerPair::type() const {
    return metric("association", "association type", "", [](const PeerModel& p) {
        return Value(std::string(analysis::association_type_name(p.type)));
    });
}
Metric PeerPair::requests() const {
    return metric("requests_sent", "requests sent (mode 3/1/2)", "",
                  [](const PeerModel& p) { return count(p.outbound.requests); });
}
Metric PeerPair::answered() const {
    return metric("requests_answered", "requests answered", "",
                  [](const PeerModel& p) { return count(p.outbound.answered); });
}
Metric PeerPair::unanswered() const {
    return metric("requests_unanswered", "requests unanswered", "",
                  [](const PeerModel& p) { return count(p.outbound.unanswered); });
}
Metric PeerPair::interval() const {
    return metric("interval", "steady interval (mean)", "s",
                  [](const PeerModel& p) { return value_or_none(p.measured_interval); });
}
Metric PeerPair::poll() const {
    return metric("poll", "poll (log2 s)", "",
                  [](const PeerModel& p) { return value_or_none(p.poll_log2); });
}
Metric PeerPair::broadcasts() const {
    return metric("broadcasts_received", "mode-5 packets received", "",
                  [](const PeerModel& p) { return count(received_mode(p, ntp::Mode::broadcast)); });
}
Metric PeerPair::sockets() const {
    return Metric{"sockets", "sockets used", "",
                  good ? Value(sockets_used(report.good, good->address)) : Value{},
                  bad ? Value(sockets_used(report.bad, bad->address)) : Value{}};
}

void PeerPair::cite_good(Finding& f, PeerExample kind, size_t n) const {
    if (good) cite(f.evidence.good_examples, newest(good->example(kind), n), note(kind));
}
void PeerPair::cite_bad(Finding& f, PeerExample kind, size_t n) const {
    if (bad) cite(f.evidence.bad_examples, newest(bad->example(kind), n), note(kind));
}

void find_peer_differences(const DiffReport& report, const PeerMatch& match, std::vector<Finding>& out) {
    const PeerPair pp{report,           match, report.good_peer(match), report.bad_peer(match),
                      seconds_of(report.good), seconds_of(report.bad)};
    compare_association(pp, out);
    compare_presence(pp, out);
    compare_replies(pp, out);
    compare_broadcasts(pp, out);
    compare_kisses(pp, out);
    compare_auth(pp, out);
    compare_timing(pp, out);
    compare_polling(pp, out);
}

}  // namespace ntpscope::diff
