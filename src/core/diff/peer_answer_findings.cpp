// How the server answers the bad host: replies at all, Kiss-o'-Death codes, authentication.
#include <set>

#include <fmt/format.h>

#include "core/diff/peer_pair.hpp"

namespace ntpscope::diff {

using analysis::PeerExample;
using analysis::PeerModel;

namespace {

uint64_t settled(const PeerModel& p) { return p.outbound.answered + p.outbound.unanswered; }
double loss(const PeerModel& p) {
    return settled(p) ? static_cast<double>(p.outbound.unanswered) / static_cast<double>(settled(p))
                      : 0.0;
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

}  // namespace

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

}  // namespace ntpscope::diff
