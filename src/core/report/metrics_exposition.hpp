// The Prometheus text exposition format (0.0.4) of a live recording: the recorder's counters
// and, per association (the rows of ntpq -p), its state and counters. No `host` label: the
// scraping Prometheus names the host by its `instance` label, as it does for every exporter.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "core/analysis/peer_model.hpp"

namespace ntpscope::report {

struct MetricsSnapshot {
    uint64_t events = 0;  // recorded since the start
    uint64_t lost = 0;    // the kernel could not hand over
    std::span<const analysis::PeerModel> peers;  // HostAnalyzer::peers_at
};

// Content-Type of the exposition.
inline constexpr std::string_view kMetricsContentType = "text/plain; version=0.0.4; charset=utf-8";

std::string metrics_exposition(const MetricsSnapshot& snapshot);

// A label value as the format wants it: backslash, double quote and line feed escaped.
std::string escape_label_value(std::string_view value);

}  // namespace ntpscope::report
