// One segment file that never holds a partial line, whatever happens to the disk. When a write
// fails (disk full, quota, file size limit) the file is cut back to its last whole line and
// writing pauses: what arrives meanwhile is dropped and counted, and writing is tried again a
// second later. The header is kept until it is written, so a segment never starts headless.
#pragma once

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace ntpscope::app {

class SegmentFile {
public:
    // Told on every write that reached the disk or failed: errno, 0 for success.
    using Outcome = std::function<void(int error)>;

    // Creates `path` (0600, never over an existing file); throws std::system_error naming it.
    SegmentFile(const std::string& path, Outcome outcome);
    ~SegmentFile();
    SegmentFile(const SegmentFile&) = delete;
    SegmentFile& operator=(const SegmentFile&) = delete;

    // Buffered by the caller (TraceWriter); writes to it never fail.
    std::FILE* stream() const { return stream_; }
    uint64_t bytes() const { return bytes_; }
    // Lines dropped while paused, the header aside: events, or the footer once written.
    uint64_t dropped_lines() const { return dropped_; }

private:
    static ssize_t cookie_write(void* self, const char* data, size_t size);
    static int cookie_close(void* self);
    void write(std::string_view text);
    bool write_lines(std::string_view text);

    int fd_ = -1;
    std::FILE* stream_ = nullptr;
    Outcome outcome_;
    uint64_t bytes_ = 0;
    uint64_t dropped_ = 0;
    std::string pending_header_;
    std::optional<std::chrono::steady_clock::time_point> paused_until_;
};

}  // namespace ntpscope::app
