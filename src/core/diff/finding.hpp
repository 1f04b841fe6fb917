// A finding: one difference between the good and the bad host that matters for NTP, with the
// evidence from both traces. catalogue.hpp lists the kinds; docs/findings.md explains them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/diff/catalogue.hpp"

namespace ntpscope::diff {

enum class Severity : uint8_t { info, warning, critical };
std::string_view severity_name(Severity s);  // "info", "warning", "critical"

// A value on one host: absent (nothing to say there), a count, a measurement, or a word.
using Value = std::variant<std::monostate, int64_t, double, std::string>;

struct Metric {
    std::string key;    // stable, machine-readable: "steady_requests"
    std::string label;  // for a human: "mode-3 requests outside volleys"
    std::string unit;   // "" (a count or a word), "s", "/h", "ppm"
    Value good;
    Value bad;
};

// One event cited from a trace, already put in words ("sendto fd 22 10.0.0.3:123 ->
// 10.1.0.51:123: mode 3 (client), poll 10, 68 bytes").
struct Example {
    int64_t t = 0;  // wall clock ns, on that host's clock
    std::string what;
};

inline constexpr size_t kMaxExamples = 3;

struct Evidence {
    std::vector<Metric> metrics;
    std::vector<Example> good_examples;  // at most kMaxExamples each, oldest first
    std::vector<Example> bad_examples;
};

// The socket a finding is about, on each host: matched by role and identity, never by fd.
struct SocketRef {
    std::string identity;  // "multicast_group 224.0.1.1:123", "interface IPv4"
    std::string good;      // that host's socket ("10.0.0.2:123 fd 22"), empty when it has none
    std::string bad;
};

struct Finding {
    Severity severity = Severity::info;
    uint32_t rank = 0;  // 1 = most important; set when the findings are ranked
    Kind kind = Kind::socket_activity;
    std::string title;  // one line naming the peer or the socket
    std::optional<std::string> peer;  // the peer's IP (the good host's spelling under --alias)
    std::optional<SocketRef> socket;
    Evidence evidence;
    // Within one severity, larger comes first: the kind's place in the catalogue plus a
    // magnitude below 1 (how far apart the hosts are).
    double weight = 0;
    // The mechanism seen, when the kind has several the traces tell apart (static storage).
    const CauseInfo* cause = nullptr;

    std::string_view kind_name() const { return kind_info(kind).name; }
    std::string_view meaning() const { return cause ? cause->meaning : kind_info(kind).meaning; }
    std::string_view next_steps() const {
        return cause ? cause->next_steps : kind_info(kind).next_steps;
    }
};

// A finding of `kind` with its weight set from the catalogue; `magnitude` in [0, 1).
Finding make_finding(Kind kind, Severity severity, std::string title, double magnitude = 0);

// Most important first (severity, then weight, then peer and title for a stable order);
// numbers the ranks from 1.
void rank_findings(std::vector<Finding>& findings);

}  // namespace ntpscope::diff
