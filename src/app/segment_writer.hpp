// `watch`'s output: each header the recorder writes opens the next segment file in the
// directory, each footer closes one. Keeps the directory within --max-disk, and pauses (one log
// line) while the disk refuses writes; events dropped meanwhile are counted as lost.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include "app/segment_file.hpp"
#include "app/segment_policy.hpp"
#include "core/trace/trace_writer.hpp"
#include "probe/record_sink.hpp"

namespace ntpscope::app {

struct SegmentLog {
    std::function<void(const std::string&)> info;
    std::function<void(const std::string&)> warn;
};

class SegmentWriter final : public probe::RecordSink {
public:
    // `dir` must exist. Throws std::system_error when a segment cannot be created.
    SegmentWriter(std::string dir, SegmentPolicy policy, SegmentLog log);
    ~SegmentWriter() override;

    void write_header(const TraceHeader& header) override;
    void write_event(const Event& event) override;
    void write_footer(const TraceFooter& footer) override;
    void flush() override;

    // Whether the current segment has reached its age or size.
    bool segment_complete() const;
    // Events dropped while the disk refused writes, over all segments.
    uint64_t dropped() const { return dropped_before_ + (file_ ? file_->dropped_lines() : 0); }
    const std::string& current_path() const { return path_; }

private:
    void on_write(int error);
    void keep_budget();

    std::string dir_;
    SegmentPolicy policy_;
    SegmentLog log_;
    std::string path_;
    std::unique_ptr<SegmentFile> file_;
    std::unique_ptr<trace::TraceWriter> writer_;
    std::chrono::steady_clock::time_point opened_;
    uint64_t dropped_before_ = 0;  // by the segments already closed
    bool paused_ = false;
};

}  // namespace ntpscope::app
