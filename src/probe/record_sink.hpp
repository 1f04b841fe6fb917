// Where a recording goes: `record` writes one trace, `watch` a series of segment files, each one
// a complete trace from its header to its footer.
#pragma once

#include "core/model/event.hpp"
#include "core/trace/trace_writer.hpp"

namespace ntpscope::probe {

class RecordSink {
public:
    virtual ~RecordSink() = default;
    virtual void write_header(const TraceHeader& header) = 0;
    virtual void write_event(const Event& event) = 0;
    virtual void write_footer(const TraceFooter& footer) = 0;
    // About once a second and after each header and footer.
    virtual void flush() = 0;
};

// One trace file or stream.
class TraceWriterSink final : public RecordSink {
public:
    explicit TraceWriterSink(trace::TraceWriter& writer) : writer_(writer) {}
    void write_header(const TraceHeader& header) override { writer_.write_header(header); }
    void write_event(const Event& event) override { writer_.write_event(event); }
    void write_footer(const TraceFooter& footer) override { writer_.write_footer(footer); }
    void flush() override { writer_.flush(); }

private:
    trace::TraceWriter& writer_;
};

}  // namespace ntpscope::probe
