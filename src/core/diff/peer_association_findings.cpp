// How the host talks to the peer: the association type each host settled on, whether it has
// one at all, whether it hears a listened-to server's packets, and how it polls.
#include <cmath>
#include <cstdlib>

#include <fmt/format.h>

#include "core/diff/peer_pair.hpp"

namespace ntpscope::diff {

using analysis::AssociationType;
using analysis::PeerExample;
using analysis::PeerModel;
using diff::StuckCause;

namespace {

uint64_t sent_mode(const PeerModel& p, ntp::Mode m) {
    return p.packets.by_mode[static_cast<size_t>(m)].sent;
}
// Mode-3 requests that were not part of a burst: the host polls the peer.
uint64_t steady_requests(const PeerModel& p) {
    const uint64_t requests = sent_mode(p, ntp::Mode::client);
    return requests > p.polling.burst_requests ? requests - p.polling.burst_requests : 0;
}
uint64_t later_bursts(const PeerModel& p) {
    return p.polling.bursts - p.polling.startup_volleys;
}
std::string type_text(AssociationType t) {
    const char c = analysis::association_type_char(t);
    const std::string_view name = analysis::association_type_name(t);
    return c == '-' ? std::string(name) : fmt::format("{} (`{}`)", name, c);
}

// "every ~1024 s": the poll interval when the measured one is within 10 % of it (jitter),
// else the measured one; "2 times in 22 min" when the trace is too short for either.
std::string rhythm(const PeerModel& p, uint64_t packets, double trace_seconds) {
    const std::optional<double> poll =
        p.poll_log2 ? std::optional(std::ldexp(1.0, *p.poll_log2)) : std::nullopt;
    if (p.measured_interval && !(poll && std::fabs(*p.measured_interval - *poll) <= 0.1 * *poll))
        return "every ~" + seconds_text(*p.measured_interval);
    if (poll) return "every ~" + seconds_text(*poll);
    return fmt::format("{} in {:.0f} min", times_text(packets), trace_seconds / 60);
}

// Which stuck_unicast mechanism the bad host's trace shows. An association that a multicast
// packet created sends from the group socket in ntpd 4.2.4 (the seed), and in every version
// starts with an exchange after the server's first packet; a configured server line polls from
// the interface socket without waiting for one (its own iburst volley comes first).
StuckCause stuck_cause(const PeerModel& bad) {
    const analysis::ExampleEvent* last = bad.example(PeerExample::request_sent).last();
    const bool from_group = last && last->local.is_multicast();
    const auto requests = bad.example(PeerExample::request_sent).items();
    const auto heard = bad.example(PeerExample::broadcast_received).items();
    const bool exchange_after_heard = bad.polling.startup_volleys && !requests.empty() &&
                                      !heard.empty() && heard.front().t < requests.front().t;
    return from_group || exchange_after_heard ? StuckCause::left_behind
                                              : StuckCause::configured_server;
}

std::string_view cause_words(StuckCause cause) {
    return cause == StuckCause::left_behind
               ? " Its requests follow the start-up exchange: that association was left behind."
               : " Its requests come from the interface socket with no multicast association: a "
                 "server line in ntp.conf.";
}

}  // namespace

// The seed's case first; any other disagreement on the association type after it.
void compare_association(const PeerPair& pp, std::vector<Finding>& out) {
    const PeerModel* g = pp.good;
    const PeerModel* b = pp.bad;
    if (!g || !b || g->type == b->type) return;
    // Both only listen to the same multicast group: `b` and `m` then differ only in which
    // ntpd's ntpq would show them (4.2.8 against 4.2.4), not in what the hosts do.
    if (analysis::is_listened_to(g->type) && analysis::is_listened_to(b->type) &&
        g->multicast_dst == b->multicast_dst)
        return;
    if (analysis::is_listened_to(g->type) && b->type == AssociationType::unicast &&
        steady_requests(*b) >= 2 && received_mode(*b, ntp::Mode::broadcast) > 0) {
        // The good host's trace must be long enough to have shown the same polling.
        const bool sure = expected_over(steady_requests(*b), pp.bad_s, pp.good_s) >= 2;
        const std::string poll = b->poll_log2 ? fmt::format(", poll {}", *b->poll_log2) : "";
        const StuckCause cause = stuck_cause(*b);
        Finding f = pp.finding(
            Kind::stuck_unicast, sure ? Severity::critical : Severity::warning,
            fmt::format("bad host keeps polling in unicast client mode (mode 3 {}{}) while "
                        "good host only listens to its {} packets{}. ntpq on the bad host will "
                        "show type `u`.{}",
                        rhythm(*b, steady_requests(*b), pp.bad_s), poll,
                        g->multicast_dst ? "multicast" : "broadcast",
                        g->polling.startup_volleys ? " after a start-up volley" : "",
                        cause_words(cause)),
            saturate(static_cast<double>(steady_requests(*b)) / 4));
        f.cause = &diff::stuck_cause_info(cause);
        f.evidence.metrics = {
            pp.type(),
            pp.metric("steady_requests", "mode-3 requests outside volleys", "",
                      [](const PeerModel& p) { return count(steady_requests(p)); }),
            pp.hourly("steady_requests_rate", "mode-3 requests outside volleys", steady_requests),
            pp.metric("startup_volleys", "start-up volleys", "",
                      [](const PeerModel& p) { return count(p.polling.startup_volleys); }),
            pp.interval(),
            pp.poll(),
            pp.broadcasts(),
            pp.answered(),
            pp.sockets(),
        };
        pp.cite_good(f, PeerExample::request_sent, 1);
        pp.cite_good(f, PeerExample::broadcast_received, 2);
        pp.cite_bad(f, PeerExample::request_sent, 2);
        pp.cite_bad(f, PeerExample::reply_received, 1);
        out.push_back(std::move(f));
        return;
    }
    if (!analysis::is_association(g->type) || !analysis::is_association(b->type)) return;
    Finding f = pp.finding(Kind::mode_mismatch, Severity::warning,
                           fmt::format("good host has a {} association, bad host a {} one",
                                       type_text(g->type), type_text(b->type)));
    f.evidence.metrics = {pp.type(), pp.requests(), pp.broadcasts(), pp.interval(), pp.poll(),
                          pp.sockets()};
    pp.cite_good(f, PeerExample::request_sent, 1);
    pp.cite_good(f, PeerExample::broadcast_received, 2);
    pp.cite_bad(f, PeerExample::request_sent, 1);
    pp.cite_bad(f, PeerExample::broadcast_received, 2);
    out.push_back(std::move(f));
}

// An association on one host only. Listened-to peers are compare_broadcasts' business.
void compare_presence(const PeerPair& pp, std::vector<Finding>& out) {
    const PeerModel* g = pp.good;
    const PeerModel* b = pp.bad;
    const bool good_has = g && analysis::is_association(g->type);
    const bool bad_has = b && analysis::is_association(b->type);
    if (good_has && !bad_has && !analysis::is_listened_to(g->type) &&
        !pp.report.bad.has_note(analysis::NoteCode::no_ntp)) {
        const bool sure = expected_over(g->packets.all.total(), pp.good_s, pp.bad_s) >= 2;
        Finding f = pp.finding(
            Kind::peer_missing, sure ? Severity::warning : Severity::info,
            fmt::format("good host has a {} association with it, bad host {}", type_text(g->type),
                        b ? fmt::format("only {} traffic", analysis::association_type_name(b->type))
                          : std::string("never talks to it")));
        f.evidence.metrics = {pp.type(), pp.requests(), pp.answered(), pp.broadcasts(), pp.sockets()};
        pp.cite_good(f, PeerExample::request_sent, 2);
        pp.cite_good(f, PeerExample::reply_received, 1);
        out.push_back(std::move(f));
    } else if (bad_has && !good_has) {
        Finding f = pp.finding(Kind::extra_peer, Severity::info,
                               fmt::format("only the bad host has an association with it ({})",
                                           type_text(b->type)));
        f.evidence.metrics = {pp.type(), pp.requests(), pp.answered(), pp.broadcasts(), pp.sockets()};
        pp.cite_bad(f, PeerExample::request_sent, 2);
        pp.cite_bad(f, PeerExample::broadcast_received, 1);
        out.push_back(std::move(f));
    }
}

void compare_broadcasts(const PeerPair& pp, std::vector<Finding>& out) {
    const PeerModel* g = pp.good;
    const PeerModel* b = pp.bad;
    if (!g) return;
    const uint64_t heard_good = received_mode(*g, ntp::Mode::broadcast);
    if (heard_good < 3) return;
    const uint64_t heard_bad = b ? received_mode(*b, ntp::Mode::broadcast) : 0;
    const double expected = expected_over(heard_good, pp.good_s, pp.bad_s);
    const char* word = g->multicast_dst ? "multicast" : "broadcast";
    const auto rate = [](const PeerModel& p) { return received_mode(p, ntp::Mode::broadcast); };

    Finding f;
    if (heard_bad == 0 && expected >= 3) {
        f = pp.finding(Kind::no_broadcasts, Severity::critical,
                       fmt::format("bad host hears none of its {} packets (good host: {})", word,
                                   rhythm(*g, heard_good, pp.good_s)),
                       saturate(expected / 10));
    } else if (heard_bad > 0 && expected >= 6 &&
               per_hour(heard_bad, pp.bad_s) < 0.5 * per_hour(heard_good, pp.good_s)) {
        f = pp.finding(Kind::broadcast_loss, Severity::warning,
                       fmt::format("bad host hears its {} packets {:.1f}x less often ({:.1f}/h "
                                   "against {:.1f}/h)",
                                   word, per_hour(heard_good, pp.good_s) / per_hour(heard_bad, pp.bad_s),
                                   per_hour(heard_bad, pp.bad_s), per_hour(heard_good, pp.good_s)),
                       1 - per_hour(heard_bad, pp.bad_s) / per_hour(heard_good, pp.good_s));
    } else {
        return;
    }
    f.evidence.metrics = {pp.type(), pp.broadcasts(),
                          pp.hourly("broadcasts_rate", "mode-5 packets received", rate),
                          pp.metric("received_interval", "receive interval (mean)", "s",
                                    [](const PeerModel& p) {
                                        return p.polling.received.stats.count
                                                   ? Value(p.polling.received.stats.mean)
                                                   : Value{};
                                    }),
                          pp.sockets()};
    pp.cite_good(f, PeerExample::broadcast_received, 3);
    pp.cite_bad(f, PeerExample::broadcast_received, 3);
    out.push_back(std::move(f));
}

void compare_polling(const PeerPair& pp, std::vector<Finding>& out) {
    const PeerModel* g = pp.good;
    const PeerModel* b = pp.bad;
    if (!g || !b) return;
    if (g->type == b->type && analysis::is_association(g->type) && g->poll_log2 && b->poll_log2 &&
        std::abs(*g->poll_log2 - *b->poll_log2) >= 2) {
        Finding f = pp.finding(Kind::poll_mismatch, Severity::info,
                               fmt::format("poll {} ({}) on the bad host against {} ({}) on the good host",
                                           *b->poll_log2, seconds_text(std::ldexp(1.0, *b->poll_log2)),
                                           *g->poll_log2, seconds_text(std::ldexp(1.0, *g->poll_log2))));
        f.evidence.metrics = {pp.type(), pp.poll(), pp.interval(), pp.requests()};
        pp.cite_good(f, PeerExample::request_sent, 2);
        pp.cite_bad(f, PeerExample::request_sent, 2);
        out.push_back(std::move(f));
    }
    if (clearly_more(later_bursts(*b), pp.bad_s, later_bursts(*g), pp.good_s, 2)) {
        Finding f = pp.finding(Kind::burst_polling, Severity::info,
                               fmt::format("bad host sends {} bursts of requests after start-up (good "
                                           "host: {})",
                                           later_bursts(*b), later_bursts(*g)));
        f.evidence.metrics = {
            pp.metric("later_bursts", "bursts after start-up", "",
                      [](const PeerModel& p) { return count(later_bursts(p)); }),
            pp.metric("burst_requests", "requests in bursts", "",
                      [](const PeerModel& p) { return count(p.polling.burst_requests); }),
            pp.requests(),
            pp.interval(),
        };
        pp.cite_good(f, PeerExample::request_sent, 2);
        pp.cite_bad(f, PeerExample::request_sent, 3);
        out.push_back(std::move(f));
    }
}

}  // namespace ntpscope::diff
