#include <algorithm>
#include <cerrno>

#include <fmt/format.h>

#include "core/diff/detectors.hpp"
#include "core/diff/evidence.hpp"
#include "core/model/errno_names.hpp"

namespace ntpscope::diff {

using analysis::SocketExample;
using analysis::SocketModel;
using analysis::SocketRole;

namespace {

uint64_t failures(const SocketModel& s) { return s.send_errors + s.receive_errors; }

// "EPERM x12, ENETUNREACH x1": failed calls by errno, EAGAIN left out (it is how ntpd knows
// a socket is drained, not a failure).
std::string errno_list(const SocketModel& s) {
    std::vector<std::string> parts;
    for (const auto& [err, n] : s.errors.items)
        if (err != EAGAIN && err != EWOULDBLOCK) parts.push_back(fmt::format("{} x{}", errno_name(err), n));
    if (s.errors.other) parts.push_back(fmt::format("other x{}", s.errors.other));
    return fmt::format("{}", fmt::join(parts, ", "));
}

struct SocketPair {
    const DiffReport& report;
    const SocketMatch& match;
    const SocketModel* good;
    const SocketModel* bad;
    double good_s;
    double bad_s;

    Finding finding(Kind kind, Severity severity, const std::string& what, double magnitude = 0) const {
        Finding f = make_finding(kind, severity, fmt::format("{} socket: {}", match.identity, what),
                                 magnitude);
        f.socket = SocketRef{match.identity, good ? socket_text(*good) : std::string(),
                             bad ? socket_text(*bad) : std::string()};
        return f;
    }
    Metric counted(std::string key, std::string label, uint64_t SocketModel::*field) const {
        return Metric{std::move(key), std::move(label), "", good ? count(good->*field) : Value{},
                      bad ? count(bad->*field) : Value{}};
    }
    Metric hourly(std::string key, std::string label, uint64_t SocketModel::*field) const {
        return Metric{std::move(key), std::move(label), "/h",
                      good ? Value(per_hour(good->*field, good_s)) : Value{},
                      bad ? Value(per_hour(bad->*field, bad_s)) : Value{}};
    }
    void cite(Finding& f, SocketExample kind, size_t n) const {
        const auto at = static_cast<size_t>(kind);
        if (good) diff::cite(f.evidence.good_examples, newest(good->examples[at], n));
        if (bad) diff::cite(f.evidence.bad_examples, newest(bad->examples[at], n));
    }
};

void compare_missing(const SocketPair& sp, std::vector<Finding>& out) {
    const SocketModel* g = sp.good;
    if (sp.match.role != SocketRole::multicast_group || !g || sp.bad || g->received < 3) return;
    if (expected_over(g->received, sp.good_s, sp.bad_s) < 3) return;
    Finding f = sp.finding(Kind::socket_missing, Severity::warning,
                           fmt::format("bad host has none (good host received {} packets on it)",
                                       g->received));
    f.evidence.metrics = {sp.counted("received", "datagrams received", &SocketModel::received),
                          sp.hourly("received_rate", "datagrams received", &SocketModel::received)};
    sp.cite(f, SocketExample::received, 3);
    out.push_back(std::move(f));
}

void compare_errors(const SocketPair& sp, std::vector<Finding>& out) {
    if (!sp.bad) return;
    const uint64_t bad_n = failures(*sp.bad);
    const uint64_t good_n = sp.good ? failures(*sp.good) : 0;
    if (!clearly_more(bad_n, sp.bad_s, good_n, sp.good_s, 3)) return;
    Finding f = sp.finding(Kind::socket_errors, Severity::warning,
                           fmt::format("{} failed calls on the bad host ({}); good host: {}", bad_n,
                                       errno_list(*sp.bad), good_n),
                           saturate(per_hour(bad_n, sp.bad_s) / 10));
    f.evidence.metrics = {
        sp.counted("send_errors", "failed sends", &SocketModel::send_errors),
        sp.counted("receive_errors", "failed receives (not EAGAIN)", &SocketModel::receive_errors),
        Metric{"errors", "errors by errno", "", sp.good ? Value(errno_list(*sp.good)) : Value{},
               Value(errno_list(*sp.bad))},
        sp.counted("send_calls", "send calls", &SocketModel::send_calls),
        sp.counted("receive_calls", "receive calls", &SocketModel::receive_calls),
    };
    sp.cite(f, SocketExample::error, 3);
    out.push_back(std::move(f));
}

// The seed's operator saw extra recvmsg calls and EAGAIN reads on one fd: the same role
// carrying clearly different traffic, in either direction.
void compare_activity(const SocketPair& sp, std::vector<Finding>& out) {
    const SocketModel* g = sp.good;
    const SocketModel* b = sp.bad;
    if (!g || !b) return;
    struct Counter {
        const char* what;
        uint64_t SocketModel::*field;
    };
    const uint64_t bad_volleys = volley_requests(sp.report.bad, *b);
    const uint64_t good_volleys = volley_requests(sp.report.good, *g);
    const auto steady = [](uint64_t n, uint64_t volleys) { return n > volleys ? n - volleys : 0; };
    std::vector<std::string> differences;
    for (const Counter c : {Counter{"send calls", &SocketModel::send_calls},
                            Counter{"receive calls", &SocketModel::receive_calls},
                            Counter{"EAGAIN reads", &SocketModel::eagain}}) {
        const uint64_t bad_n = steady(b->*c.field, bad_volleys);
        const uint64_t good_n = steady(g->*c.field, good_volleys);
        if (clearly_more(bad_n, sp.bad_s, good_n, sp.good_s, 4) ||
            clearly_more(good_n, sp.good_s, bad_n, sp.bad_s, 4))
            differences.push_back(fmt::format("{} {:.1f} against {:.1f}", c.what,
                                              per_hour(bad_n, sp.bad_s), per_hour(good_n, sp.good_s)));
    }
    if (differences.empty()) return;
    Finding f = sp.finding(Kind::socket_activity, Severity::info,
                           fmt::format("per hour outside start-up volleys, bad host against good host: {}",
                                       fmt::join(differences, ", ")));
    f.evidence.metrics = {
        sp.hourly("send_calls_rate", "send calls", &SocketModel::send_calls),
        sp.hourly("receive_calls_rate", "receive calls", &SocketModel::receive_calls),
        sp.hourly("eagain_rate", "EAGAIN reads", &SocketModel::eagain),
        sp.counted("sent", "datagrams sent", &SocketModel::sent),
        sp.counted("received", "datagrams received", &SocketModel::received),
        sp.counted("bytes_sent", "bytes sent", &SocketModel::bytes_sent),
        sp.counted("bytes_received", "bytes received", &SocketModel::bytes_received),
    };
    sp.cite(f, SocketExample::sent, 1);
    sp.cite(f, SocketExample::received, 1);
    sp.cite(f, SocketExample::eagain, 1);
    out.push_back(std::move(f));
}

}  // namespace

void find_socket_differences(const DiffReport& report, const SocketMatch& match,
                             std::vector<Finding>& out) {
    if (!analysis::carries_ntp(match.role)) return;
    const SocketPair sp{report, match, report.good_socket(match), report.bad_socket(match),
                        seconds_of(report.good), seconds_of(report.bad)};
    compare_missing(sp, out);
    compare_errors(sp, out);
    compare_activity(sp, out);
}

}  // namespace ntpscope::diff
