// Writes a trace as JSON Lines (docs/trace-format.md): header, events, footer.
#pragma once

#include <cstdio>
#include <string>

#include "core/model/event.hpp"

namespace ntpscope {

class TraceWriter {
public:
    // Does not take ownership of `out`. Output is buffered; flush() pushes it to `out`.
    explicit TraceWriter(std::FILE* out);
    ~TraceWriter();
    TraceWriter(const TraceWriter&) = delete;
    TraceWriter& operator=(const TraceWriter&) = delete;

    void write_header(const TraceHeader& header);
    void write_event(const Event& event);
    void write_footer(const TraceFooter& footer);
    // Throws std::system_error when the underlying write fails (disk full, closed pipe).
    void flush();

    uint64_t events_written() const { return events_; }

private:
    std::FILE* out_;
    std::string buf_;
    uint64_t events_ = 0;
};

}  // namespace ntpscope
