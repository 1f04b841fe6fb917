// The analysis' tuning: how much the model keeps and where its trackers draw their lines.
// Kept in one place because the model's sizes, the trackers and the notes that explain their
// limits to the reader must agree; docs/analysis.md describes each where it applies.
#pragma once

#include <cstddef>
#include <cstdint>

namespace ntpscope::analysis {

// ---- memory bounds: a 10M-event trace costs no more than a 10k-event one

// How many examples of each kind are kept: the first kExamples and the last kExamples.
inline constexpr size_t kExamples = 3;
// Points kept in a downsampled time series (offsets, clock discipline).
inline constexpr size_t kSeriesPoints = 256;
// Distinct peers tracked; packets from further addresses are only counted (a note says so).
inline constexpr size_t kMaxPeers = 4096;
// Distinct sockets tracked; further ones are merged into one "overflow" entry.
inline constexpr size_t kMaxSockets = 1024;
// Processes calling clock functions, host-wide: a handful on any real host.
inline constexpr size_t kMaxClockWriters = 64;
inline constexpr size_t kMaxWriterErrnos = 4;

// ---- exchanges

// How long after a request a reply still counts as an answer in progress at trace end.
inline constexpr double kReplyTimeoutSeconds = 8.0;

// ---- bursts (burst_detector.hpp)

// Requests at most this far apart belong to one burst.
inline constexpr double kBurstGapSeconds = 4.0;
// A burst has at least this many requests; a run longer than kMaxBurstRequests is
// fast steady polling (minpoll 0/1), not a burst.
inline constexpr uint32_t kMinBurstRequests = 3;
inline constexpr uint32_t kMaxBurstRequests = 12;
// s: twice ntpd's default maxpoll, the silence that makes the next burst a start-up volley
// while no steady interval is known yet.
inline constexpr double kSilenceWithoutSteady = 2048.0;

// ---- notes

// Fewer steady intervals than this and the poll interval cannot be judged.
inline constexpr uint64_t kMinIntervalsToJudgePoll = 2;

}  // namespace ntpscope::analysis
