// Fixed-size aggregates for the per-host model. Each keeps what a report needs from a stream
// of any length in constant memory, so a 10M-event trace costs no more than a 10k-event one.
#pragma once

#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <map>
#include <vector>

namespace ntpscope::analysis {

// Count, min, max, mean and standard deviation (Welford) of a stream of values.
struct RunningStats {
    uint64_t count = 0;
    double min = 0;
    double max = 0;
    double mean = 0;
    double m2 = 0;  // sum of squared deviations from the mean

    void add(double value);
    double stddev() const { return count > 1 ? std::sqrt(m2 / static_cast<double>(count - 1)) : 0.0; }
};

// Intervals in seconds, one bucket per power of two centred on it: bucket k holds
// [2^k / sqrt 2, 2^k * sqrt 2), so a jittered 64 s poll (60..70 s) stays in the "64 s" bucket.
// Buckets cover 2^kMinLog2 .. 2^kMaxLog2; the ends also catch everything below / above.
struct IntervalHistogram {
    static constexpr int kMinLog2 = -3;  // 0.125 s
    static constexpr int kMaxLog2 = 17;  // 131072 s, ntpd's largest maxpoll
    static constexpr int kBuckets = kMaxLog2 - kMinLog2 + 1;
    std::array<uint64_t, kBuckets> counts{};

    static int bucket_of(double seconds);
    static int log2_of_bucket(int bucket) { return bucket + kMinLog2; }
    void add(double seconds) { ++counts[static_cast<size_t>(bucket_of(seconds))]; }
    uint64_t total() const;
    bool empty() const { return total() == 0; }
    // log2 of the fullest bucket (the typical interval); kMinLog2 when empty.
    int mode_log2() const;
};

// Interval statistics: running stats plus the histogram plus the last value.
struct IntervalStats {
    RunningStats stats;
    IntervalHistogram histogram;
    double last = 0;
    void add(double seconds) {
        stats.add(seconds);
        histogram.add(seconds);
        last = seconds;
    }
};

// The first N and the last N items of a stream, plus how many there were in all.
// Used for example events (diff findings cite a few per host) and for change logs.
template <typename T, size_t N>
class FirstLast {
public:
    void add(const T& item) {
        if (head_.size() < N) {
            head_.push_back(item);
        } else {
            tail_[(total_ - N) % N] = item;
            if (tail_size_ < N) ++tail_size_;
        }
        ++total_;
    }
    uint64_t total() const { return total_; }
    // Items between the head and the tail that were not kept.
    uint64_t dropped() const { return total_ - head_.size() - tail_size_; }
    // Kept items in stream order (head, then tail oldest first).
    std::vector<T> items() const {
        std::vector<T> out(head_);
        const uint64_t past_head = total_ - head_.size();
        for (size_t i = 0; i < tail_size_; ++i)
            out.push_back(tail_[(past_head - tail_size_ + i) % N]);
        return out;
    }
    const T* last() const {
        if (total_ == 0) return nullptr;
        if (tail_size_ == 0) return &head_.back();
        return &tail_[(total_ - N - 1) % N];
    }

private:
    std::vector<T> head_;
    std::array<T, N> tail_{};
    size_t tail_size_ = 0;
    uint64_t total_ = 0;
};

// A time series kept to at most Capacity points: when full, every other point is dropped and
// only every stride-th new point is kept, so the series always spans the whole trace evenly.
// The newest point is always available separately.
template <typename T, size_t Capacity>
class DownsampledSeries {
public:
    void add(const T& point) {
        latest_ = point;
        ++total_;
        if ((total_ - 1) % stride_ != 0) return;
        if (points_.size() == Capacity) {
            for (size_t i = 0; i < Capacity / 2; ++i) points_[i] = points_[2 * i];
            points_.resize(Capacity / 2);
            stride_ *= 2;
            if ((total_ - 1) % stride_ != 0) return;
        }
        points_.push_back(point);
    }
    const std::vector<T>& points() const { return points_; }
    uint64_t total() const { return total_; }
    uint64_t stride() const { return stride_; }
    const T* latest() const { return total_ ? &latest_ : nullptr; }

private:
    std::vector<T> points_;
    T latest_{};
    uint64_t stride_ = 1;
    uint64_t total_ = 0;
};

// Counts per key for at most Capacity distinct keys; later new keys go to `other`.
// Keys that arrive from the wire (key ids, lengths, errnos) must not grow memory without bound.
template <typename Key, typename Value, size_t Capacity>
struct CappedMap {
    std::map<Key, Value> items;
    Value other{};             // what keys past the cap accumulated
    uint64_t other_updates = 0;  // updates that went to `other`

    Value& at(const Key& key) {
        auto it = items.find(key);
        if (it != items.end()) return it->second;
        if (items.size() < Capacity) return items[key];
        ++other_updates;
        return other;
    }
};

}  // namespace ntpscope::analysis
