// Every reader (native trace, strace import, pcap import) streams into an EventSink, so
// analysis memory is bounded by what the sink keeps, never by the trace length.
#pragma once

#include <string>

#include "core/model/event.hpp"

namespace ntpscope {

class EventSink {
public:
    virtual ~EventSink() = default;
    virtual void on_header(const TraceHeader& header) = 0;
    // The event is only valid during the call; readers reuse its storage.
    virtual void on_event(const Event& event) = 0;
    // Absent footer (a truncated trace) is reported as a warning, and on_footer is not called.
    virtual void on_footer(const TraceFooter& footer) = 0;
    // Something the user must see but that does not stop reading ("trace.jsonl:812: ...").
    virtual void on_warning(const std::string& message) = 0;
};

}  // namespace ntpscope
