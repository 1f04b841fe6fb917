#include "core/diff/evidence.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "core/model/errno_names.hpp"
#include "core/ntp/packet.hpp"

namespace ntpscope::diff {

using analysis::ExampleEvent;

bool clearly_more(uint64_t bad, double bad_seconds, uint64_t good, double good_seconds,
                  uint64_t min_count, double factor) {
    return bad >= min_count &&
           per_hour(bad, bad_seconds) >= factor * per_hour(good, good_seconds) &&
           expected_over(bad, bad_seconds, good_seconds) >= static_cast<double>(min_count);
}

bool stands_out(double good_abs, double bad_abs) {
    constexpr double kNoticeable = 0.010;  // s
    return bad_abs - good_abs >= kNoticeable && bad_abs >= 4 * good_abs;
}

std::optional<Severity> offset_gap(double good_abs, double bad_abs) {
    if (bad_abs >= kStepThreshold && good_abs < kStepThreshold) return Severity::warning;
    if (stands_out(good_abs, bad_abs)) return Severity::info;
    return std::nullopt;
}

uint64_t volley_requests(const analysis::HostModel& host, const analysis::SocketModel& s) {
    uint64_t n = 0;
    for (const analysis::PeerModel& p : host.peers)
        if (p.polling.bursts == p.polling.startup_volleys &&
            std::find(s.peers.begin(), s.peers.end(), p.address) != s.peers.end())
            n += p.polling.burst_requests;
    return n;
}

std::vector<ExampleEvent> newest(const analysis::FirstLast<ExampleEvent, analysis::kExamples>& kept,
                                 size_t n) {
    std::vector<ExampleEvent> items = kept.items();
    if (items.size() > n) items.erase(items.begin(), items.end() - static_cast<std::ptrdiff_t>(n));
    return items;
}

std::vector<ExampleEvent> oldest(const analysis::FirstLast<ExampleEvent, analysis::kExamples>& kept,
                                 size_t n) {
    std::vector<ExampleEvent> items = kept.items();
    if (items.size() > n) items.resize(n);
    return items;
}

std::string describe(const ExampleEvent& e) {
    std::string out = fmt::format("{}", syscall_name(e.syscall));
    if (e.fd >= 0) out += fmt::format(" fd {}", e.fd);
    const bool sent = is_send(e.syscall);
    if (e.local.present()) out += " " + e.local.to_string();
    if (e.peer.present()) out += fmt::format(" {} {}", sent ? "->" : "<-", e.peer.to_string());
    if (e.err != 0) return out + ": " + errno_name(e.err);
    if (!is_datagram(e.syscall)) return out;
    if (e.ntp_mode >= 0) {
        out += fmt::format(": mode {} ({})", e.ntp_mode,
                           ntp::mode_name(static_cast<ntp::Mode>(e.ntp_mode)));
        const bool polls = e.ntp_mode != static_cast<int8_t>(ntp::Mode::server) &&
                           e.ntp_mode != static_cast<int8_t>(ntp::Mode::control) &&
                           e.ntp_mode != static_cast<int8_t>(ntp::Mode::private_use);
        if (polls) out += fmt::format(", poll {}", e.ntp_poll);
        return out + fmt::format(", {} bytes", e.len);
    }
    return out + fmt::format(": {} bytes", e.len);
}

Example example(const ExampleEvent& e) { return Example{e.t, describe(e)}; }

void cite(std::vector<Example>& out, const std::vector<ExampleEvent>& events, std::string_view note) {
    for (const ExampleEvent& e : events) {
        if (out.size() >= kMaxExamples) break;
        out.push_back(example(e));
        if (!note.empty()) out.back().what += fmt::format(" [{}]", note);
    }
    std::stable_sort(out.begin(), out.end(),
                     [](const Example& a, const Example& b) { return a.t < b.t; });
}

std::string socket_text(const analysis::SocketModel& s) {
    if (s.fds.empty()) return s.label();
    return fmt::format("{} (fd {})", s.label(), fmt::join(s.fds, ", "));
}

std::string sockets_used(const analysis::HostModel& host, const SockAddr& peer) {
    std::vector<std::string> used;
    for (const analysis::SocketModel& s : host.sockets)
        if (std::find(s.peers.begin(), s.peers.end(), peer) != s.peers.end())
            used.push_back(socket_text(s));
    return fmt::format("{}", fmt::join(used, ", "));
}

std::string seconds_text(double s, bool sign) {
    const double a = std::fabs(s);
    const char* plus = sign && s >= 0 ? "+" : "";
    if (a >= 100) return fmt::format("{}{:.0f} s", plus, s);
    if (a >= 1) return fmt::format("{}{:.3g} s", plus, s);
    if (a >= 1e-3) return fmt::format("{}{:.3g} ms", plus, s * 1e3);
    return fmt::format("{}{:.3g} us", plus, s * 1e6);
}

std::string times_text(uint64_t n) {
    if (n == 1) return "once";
    if (n == 2) return "twice";
    return fmt::format("{} times", n);
}

}  // namespace ntpscope::diff
