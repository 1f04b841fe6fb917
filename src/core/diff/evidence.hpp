// Building blocks of a finding's evidence: metrics on both hosts, rates that make traces of
// different lengths comparable, and example events put in words.
#pragma once

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

#include "core/analysis/host_model.hpp"
#include "core/diff/finding.hpp"

namespace ntpscope::diff {

// ---- values

inline Value count(uint64_t n) { return static_cast<int64_t>(n); }
template <typename T>
Value value_or_none(const std::optional<T>& v) {
    if (!v) return {};
    if constexpr (std::is_integral_v<T>) return static_cast<int64_t>(*v);
    else return *v;
}

// ---- rates: traces differ in length, so counts are compared per hour, and "the good host
// never does it" is claimed only when its trace was long enough to show it.

// A trace of one event has no length: count it as a second.
inline double span(double seconds) { return std::max(seconds, 1.0); }
inline double seconds_of(const analysis::HostModel& host) { return span(host.meta.duration); }
inline double per_hour(uint64_t n, double seconds) {
    return static_cast<double>(n) * 3600.0 / span(seconds);
}
// How often something seen `n` times over `seconds` would happen over `other_seconds`.
inline double expected_over(uint64_t n, double seconds, double other_seconds) {
    return static_cast<double>(n) * other_seconds / span(seconds);
}
// The bad host does it at least `min_count` times, `factor` times as often per hour as the
// good host, and at that rate the good host's trace would have shown it `min_count` times.
bool clearly_more(uint64_t bad, double bad_seconds, uint64_t good, double good_seconds,
                  uint64_t min_count, double factor = 4.0);

// The bad host's magnitude (offset, delay) is 10 ms and four times above the good host's:
// well beyond LAN jitter.
bool stands_out(double good_abs, double bad_abs);
// How much the bad host's |offset| matters next to the good host's: a warning past ntpd's
// 128 ms step threshold, info when it stands out; nullopt otherwise.
std::optional<Severity> offset_gap(double good_abs, double bad_abs);
inline constexpr double kStepThreshold = 0.128;  // s

// Requests a host sent in start-up volleys to the peers of socket `s`. Each costs about one
// send, one receive and one EAGAIN read, which a freshly restarted host must not be blamed for.
uint64_t volley_requests(const analysis::HostModel& host, const analysis::SocketModel& s);

// x / (1 + x): a magnitude in [0, 1) that orders findings of one kind.
inline double saturate(double x) { return x > 0 ? x / (1.0 + x) : 0.0; }

// ---- examples

// The newest `n` kept examples (FirstLast keeps the first and the last few), oldest first.
std::vector<analysis::ExampleEvent> newest(const analysis::FirstLast<analysis::ExampleEvent,
                                                                     analysis::kExamples>& kept,
                                           size_t n = kMaxExamples);
std::vector<analysis::ExampleEvent> oldest(const analysis::FirstLast<analysis::ExampleEvent,
                                                                     analysis::kExamples>& kept,
                                           size_t n = kMaxExamples);

// "sendto fd 22 10.0.0.3:123 -> 10.1.0.51:123: mode 3 (client), poll 10, 68 bytes",
// "recvmsg fd 22 10.0.0.3:123: EAGAIN".
std::string describe(const analysis::ExampleEvent& e);
Example example(const analysis::ExampleEvent& e);
// Appends examples to `out` until it holds kMaxExamples, in time order; a `note` says what
// the event was when the description cannot ("Kiss-o'-Death", "no reply").
void cite(std::vector<Example>& out, const std::vector<analysis::ExampleEvent>& events,
          std::string_view note = {});

// "interface 10.0.0.2:123 (fd 22)": a socket's role, address and fds on its own host.
std::string socket_text(const analysis::SocketModel& s);
// The sockets of `host` that carried traffic with `peer`, as socket_text, comma-separated.
std::string sockets_used(const analysis::HostModel& host, const SockAddr& peer);

// ---- formatting shared by titles

// "1024 s", "64 s", "2.5 s", "12.3 ms", "+0.742 s" (with sign when `sign`).
std::string seconds_text(double s, bool sign = false);
// "once", "twice", "5 times"
std::string times_text(uint64_t n);

}  // namespace ntpscope::diff
