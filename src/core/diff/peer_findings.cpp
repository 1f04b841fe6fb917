#include <cmath>
#include <cstdlib>
#include <set>

#include <fmt/format.h>

#include "core/diff/detectors.hpp"
#include "core/diff/evidence.hpp"
#include "core/ntp/packet.hpp"

namespace ntpscope::diff {

using analysis::AssociationType;
using analysis::PeerExample;
using analysis::PeerModel;

namespace {

uint64_t sent_mode(const PeerModel& p, ntp::Mode m) {
    return p.packets.by_mode[static_cast<size_t>(m)].sent;
}
uint64_t received_mode(const PeerModel& p, ntp::Mode m) {
    return p.packets.by_mode[static_cast<size_t>(m)].received;
}
// Mode-3 requests that were not part of a burst: the host polls the peer.
uint64_t steady_requests(const PeerModel& p) {
    const uint64_t requests = sent_mode(p, ntp::Mode::client);
    return requests > p.polling.burst_requests ? requests - p.polling.burst_requests : 0;
}
uint64_t settled(const PeerModel& p) { return p.outbound.answered + p.outbound.unanswered; }
double loss(const PeerModel& p) {
    return settled(p) ? static_cast<double>(p.outbound.unanswered) / static_cast<double>(settled(p))
                      : 0.0;
}
uint64_t later_bursts(const PeerModel& p) {
    return p.polling.bursts - p.polling.startup_volleys;
}
bool is_association(AssociationType t) { return analysis::association_type_char(t) != '-'; }
bool listens(const PeerModel& p) {
    return p.type == AssociationType::multicast || p.type == AssociationType::broadcast;
}
std::string type_text(AssociationType t) {
    const char c = analysis::association_type_char(t);
    const std::string_view name = analysis::association_type_name(t);
    return c == '-' ? std::string(name) : fmt::format("{} (`{}`)", name, c);
}

// Kiss-o'-Death codes by what they ask of the client (RFC 5905 section 7.4, RFC 8915).
enum class KissClass { rate, deny, auth, other };
KissClass kiss_class(std::string_view code) {
    if (code == "RATE") return KissClass::rate;
    if (code == "DENY" || code == "RSTR") return KissClass::deny;
    if (code == "AUTH" || code == "CRYP" || code == "NKEY" || code == "NTSN") return KissClass::auth;
    return KissClass::other;
}
uint64_t kisses(const PeerModel* p, KissClass c) {
    if (!p) return 0;
    uint64_t n = c == KissClass::other ? p->kiss_codes.other : 0;  // codes past the map's cap
    for (const auto& [code, count] : p->kiss_codes.items)
        if (kiss_class(code) == c) n += count;
    return n;
}
std::string kiss_list(const PeerModel* p, KissClass c) {
    std::vector<std::string> codes;
    if (p)
        for (const auto& [code, count] : p->kiss_codes.items)
            if (kiss_class(code) == c) codes.push_back(fmt::format("{} x{}", code, count));
    return fmt::format("{}", fmt::join(codes, ", "));
}

std::set<uint32_t> keys_sent(const PeerModel& p) {
    std::set<uint32_t> keys;
    for (const auto& [key, counts] : p.packets.by_key_id.items)
        if (counts.sent) keys.insert(key);
    return keys;
}
std::string keys_text(const std::set<uint32_t>& keys) {
    if (keys.empty()) return "no MAC";
    return fmt::format("key{} {}", keys.size() > 1 ? "s" : "", fmt::join(keys, ", "));
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

// One peer as both hosts see it.
struct PeerPair {
    const DiffReport& report;
    const PeerMatch& match;
    const PeerModel* good;
    const PeerModel* bad;
    double good_s;
    double bad_s;

    std::string name() const {
        if (good && bad && good->address != bad->address)
            return fmt::format("{} ({} on the bad host)", good->name(), bad->name());
        return match.name;
    }
    Finding finding(Kind kind, Severity severity, const std::string& what, double magnitude = 0) const {
        Finding f = make_finding(kind, severity, name() + ": " + what, magnitude);
        f.peer = match.name;
        return f;
    }
    template <typename F>
    Metric metric(std::string key, std::string label, std::string unit, F value) const {
        return Metric{std::move(key), std::move(label), std::move(unit),
                      good ? Value(value(*good)) : Value{}, bad ? Value(value(*bad)) : Value{}};
    }
    Metric hourly(std::string key, std::string label, uint64_t (*n)(const PeerModel&)) const {
        return Metric{std::move(key), std::move(label), "/h",
                      good ? Value(per_hour(n(*good), good_s)) : Value{},
                      bad ? Value(per_hour(n(*bad), bad_s)) : Value{}};
    }

    // Metrics most findings cite.
    Metric type() const {
        return metric("association", "association type", "", [](const PeerModel& p) {
            return Value(std::string(analysis::association_type_name(p.type)));
        });
    }
    Metric requests() const {
        return metric("requests_sent", "requests sent (mode 3/1/2)", "",
                      [](const PeerModel& p) { return count(p.outbound.requests); });
    }
    Metric answered() const {
        return metric("requests_answered", "requests answered", "",
                      [](const PeerModel& p) { return count(p.outbound.answered); });
    }
    Metric unanswered() const {
        return metric("requests_unanswered", "requests unanswered", "",
                      [](const PeerModel& p) { return count(p.outbound.unanswered); });
    }
    Metric interval() const {
        return metric("interval", "steady interval (mean)", "s",
                      [](const PeerModel& p) { return value_or_none(p.measured_interval); });
    }
    Metric poll() const {
        return metric("poll", "poll (log2 s)", "",
                      [](const PeerModel& p) { return value_or_none(p.poll_log2); });
    }
    Metric broadcasts() const {
        return metric("broadcasts_received", "mode-5 packets received", "",
                      [](const PeerModel& p) { return count(received_mode(p, ntp::Mode::broadcast)); });
    }
    Metric sockets() const {
        return Metric{"sockets", "sockets used", "",
                      good ? Value(sockets_used(report.good, good->address)) : Value{},
                      bad ? Value(sockets_used(report.bad, bad->address)) : Value{}};
    }

    void cite_good(Finding& f, PeerExample kind, size_t n) const {
        if (good) cite(f.evidence.good_examples, newest(good->example(kind), n), note(kind));
    }
    void cite_bad(Finding& f, PeerExample kind, size_t n) const {
        if (bad) cite(f.evidence.bad_examples, newest(bad->example(kind), n), note(kind));
    }
    // What a reply or request was, where its mode alone does not say it.
    static std::string_view note(PeerExample kind) {
        switch (kind) {
            case PeerExample::kiss_of_death: return "Kiss-o'-Death";
            case PeerExample::crypto_nak: return "crypto-NAK";
            case PeerExample::unanswered_request: return "no reply";
            default: return {};
        }
    }
};

// The seed's case first; any other disagreement on the association type after it.
void compare_association(const PeerPair& pp, std::vector<Finding>& out) {
    const PeerModel* g = pp.good;
    const PeerModel* b = pp.bad;
    if (!g || !b || g->type == b->type) return;
    if (listens(*g) && b->type == AssociationType::unicast && steady_requests(*b) >= 2 &&
        received_mode(*b, ntp::Mode::broadcast) > 0) {
        // The good host's trace must be long enough to have shown the same polling.
        const bool sure = expected_over(steady_requests(*b), pp.bad_s, pp.good_s) >= 2;
        const std::string poll = b->poll_log2 ? fmt::format(", poll {}", *b->poll_log2) : "";
        Finding f = pp.finding(
            Kind::stuck_unicast, sure ? Severity::critical : Severity::warning,
            fmt::format("bad host keeps polling in unicast client mode (mode 3 {}{}) while "
                        "good host only listens to its {} packets{}. ntpq on the bad host will "
                        "show type `u`.",
                        rhythm(*b, steady_requests(*b), pp.bad_s), poll,
                        g->type == AssociationType::multicast ? "multicast" : "broadcast",
                        g->polling.startup_volleys ? " after a start-up volley" : ""),
            saturate(static_cast<double>(steady_requests(*b)) / 4));
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
    if (!is_association(g->type) || !is_association(b->type)) return;
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
    const bool good_has = g && is_association(g->type);
    const bool bad_has = b && is_association(b->type);
    if (good_has && !bad_has && !listens(*g) &&
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

void compare_replies(const PeerPair& pp, std::vector<Finding>& out) {
    const PeerModel* g = pp.good;
    const PeerModel* b = pp.bad;
    if (!b) return;
    if (b->outbound.answered == 0 && b->outbound.unanswered >= 3) {
        const bool good_too = g && g->outbound.answered == 0 && g->outbound.unanswered >= 3;
        const std::string good_side =
            g && settled(*g) ? fmt::format("good host: {} of {} answered", g->outbound.answered, settled(*g))
                             : std::string("good host sends none");
        Finding f = pp.finding(Kind::no_replies, good_too ? Severity::info : Severity::critical,
                               fmt::format("none of the bad host's {} requests got a reply ({})",
                                           b->outbound.unanswered, good_side),
                               saturate(static_cast<double>(b->outbound.unanswered) / 10));
        f.evidence.metrics = {pp.type(), pp.requests(), pp.answered(), pp.unanswered(),
                              pp.metric("reach", "reach (octal)", "",
                                        [](const PeerModel& p) {
                                            return Value(fmt::format("{:o}", p.reach));
                                        }),
                              pp.interval(), pp.sockets()};
        pp.cite_good(f, PeerExample::request_sent, 1);
        pp.cite_good(f, PeerExample::reply_received, 2);
        pp.cite_bad(f, PeerExample::unanswered_request, 3);
        out.push_back(std::move(f));
        return;
    }
    if (!g || settled(*b) < 5 || b->outbound.unanswered < 3) return;
    if (loss(*b) < 0.2 || loss(*b) - loss(*g) < 0.15) return;
    Finding f = pp.finding(Kind::reply_loss, Severity::warning,
                           fmt::format("{:.0f}% of the bad host's requests go unanswered (good "
                                       "host: {:.0f}%)",
                                       100 * loss(*b), 100 * loss(*g)),
                           loss(*b));
    f.evidence.metrics = {pp.requests(), pp.answered(), pp.unanswered(),
                          pp.metric("loss", "share unanswered", "",
                                    [](const PeerModel& p) { return Value(loss(p)); }),
                          pp.interval()};
    pp.cite_good(f, PeerExample::reply_received, 2);
    pp.cite_bad(f, PeerExample::unanswered_request, 3);
    out.push_back(std::move(f));
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

void compare_kisses(const PeerPair& pp, std::vector<Finding>& out) {
    if (!pp.bad) return;
    struct Class {
        KissClass kiss;
        Kind kind;
        Severity severity;
    };
    for (const Class c : {Class{KissClass::rate, Kind::kod_rate, Severity::critical},
                          Class{KissClass::deny, Kind::kod_deny, Severity::critical},
                          Class{KissClass::other, Kind::kod_other, Severity::warning}}) {
        const uint64_t bad_n = kisses(pp.bad, c.kiss);
        const uint64_t good_n = kisses(pp.good, c.kiss);
        if (!clearly_more(bad_n, pp.bad_s, good_n, pp.good_s, 1)) continue;
        Finding f = pp.finding(
            c.kind, c.severity,
            fmt::format("server answers the bad host with Kiss-o'-Death {} ({:.1f}/h); good host got {}",
                        kiss_list(pp.bad, c.kiss), per_hour(bad_n, pp.bad_s),
                        good_n ? fmt::format("{}", good_n) : std::string("none")),
            saturate(per_hour(bad_n, pp.bad_s) / 10));
        f.evidence.metrics = {
            pp.metric("kiss_codes", "Kiss-o'-Death codes", "",
                      [&](const PeerModel& p) { return Value(kiss_list(&p, c.kiss)); }),
            Metric{"kiss_rate", "Kiss-o'-Death packets", "/h",
                   pp.good ? Value(per_hour(good_n, pp.good_s)) : Value{},
                   Value(per_hour(bad_n, pp.bad_s))},
            pp.requests(),
            pp.hourly("requests_rate", "requests sent",
                      [](const PeerModel& p) { return p.outbound.requests; }),
            pp.interval(),
            pp.poll(),
        };
        pp.cite_good(f, PeerExample::reply_received, 2);
        pp.cite_bad(f, PeerExample::request_sent, 1);
        pp.cite_bad(f, PeerExample::kiss_of_death, 2);
        out.push_back(std::move(f));
    }
}

void compare_auth(const PeerPair& pp, std::vector<Finding>& out) {
    const PeerModel* g = pp.good;
    const PeerModel* b = pp.bad;
    if (!b) return;
    const uint64_t naks_bad = b->auth.crypto_nak.received;
    const uint64_t naks_good = g ? g->auth.crypto_nak.received : 0;
    const uint64_t kod_bad = kisses(b, KissClass::auth);
    const uint64_t kod_good = kisses(g, KissClass::auth);
    const std::set<uint32_t> keys_bad = keys_sent(*b);
    const std::set<uint32_t> keys_good = g ? keys_sent(*g) : std::set<uint32_t>{};
    const bool keys_differ = g && g->outbound.requests && b->outbound.requests && keys_good != keys_bad;
    const bool failing = b->outbound.answered == 0 && b->outbound.unanswered >= 3;

    Kind kind = Kind::auth_failure;
    Severity severity = Severity::critical;
    std::string what;
    if (clearly_more(naks_bad, pp.bad_s, naks_good, pp.good_s, 1)) {
        what = fmt::format("server answers the bad host's requests ({}) with crypto-NAKs ({}); good "
                           "host got {}",
                           keys_text(keys_bad), naks_bad,
                           naks_good ? fmt::format("{}", naks_good) : std::string("none"));
    } else if (clearly_more(kod_bad, pp.bad_s, kod_good, pp.good_s, 1)) {
        what = fmt::format("server rejects the bad host's authentication (Kiss-o'-Death {})",
                           kiss_list(b, KissClass::auth));
    } else if (keys_differ && failing) {
        what = fmt::format("bad host signs its requests with {}, good host with {}, and none of "
                           "the bad host's requests is answered",
                           keys_text(keys_bad), keys_text(keys_good));
    } else if (keys_differ) {
        kind = Kind::key_mismatch;
        severity = Severity::warning;
        what = fmt::format("bad host authenticates its requests with {}, good host with {}",
                           keys_text(keys_bad), keys_text(keys_good));
    } else {
        return;
    }
    Finding f = pp.finding(kind, severity, what);
    f.evidence.metrics = {
        pp.metric("keys_sent", "key ids on requests", "",
                  [](const PeerModel& p) { return Value(keys_text(keys_sent(p))); }),
        pp.metric("crypto_naks_received", "crypto-NAKs received", "",
                  [](const PeerModel& p) { return count(p.auth.crypto_nak.received); }),
        pp.metric("auth_kiss_codes", "authentication Kiss-o'-Death codes", "",
                  [](const PeerModel& p) { return Value(kiss_list(&p, KissClass::auth)); }),
        pp.requests(),
        pp.answered(),
        pp.unanswered(),
    };
    pp.cite_good(f, PeerExample::request_sent, 1);
    pp.cite_good(f, PeerExample::reply_received, 1);
    pp.cite_bad(f, PeerExample::request_sent, 1);
    pp.cite_bad(f, PeerExample::crypto_nak, 2);
    pp.cite_bad(f, PeerExample::unanswered_request, 2);
    out.push_back(std::move(f));
}

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

void compare_polling(const PeerPair& pp, std::vector<Finding>& out) {
    const PeerModel* g = pp.good;
    const PeerModel* b = pp.bad;
    if (!g || !b) return;
    if (g->type == b->type && is_association(g->type) && g->poll_log2 && b->poll_log2 &&
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

}  // namespace

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
