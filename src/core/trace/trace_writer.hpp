// Writes a trace as JSON Lines (docs/trace-format.md): header, events, footer.
#pragma once

#include <cstdio>

#include "core/json/json_buffer.hpp"
#include "core/model/event.hpp"

namespace ntpscope {

class TraceWriter {
public:
    // Does not take ownership of `out`. Output is buffered; flush() pushes it to `out`.
    explicit TraceWriter(std::FILE* out);
    // Flushes too, but cannot report a failure: call flush() before destruction.
    ~TraceWriter();
    TraceWriter(const TraceWriter&) = delete;
    TraceWriter& operator=(const TraceWriter&) = delete;

    // Always writes format version 1, whatever header.version says.
    void write_header(const TraceHeader& header);
    // Pushes the buffer to `out` once it holds about 1 MiB, so it can throw like flush().
    void write_event(const Event& event);
    void write_footer(const TraceFooter& footer);
    // Throws std::system_error when the underlying write fails (disk full, closed pipe).
    void flush();

    uint64_t events_written() const { return events_; }

private:
    void write_buffer();

    std::FILE* out_;
    json::Buffer buf_;
    uint64_t events_ = 0;
};

}  // namespace ntpscope
