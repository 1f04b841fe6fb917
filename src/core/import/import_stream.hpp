// What every importer does around its events: the header goes out just before the first event
// (so that its start is that event's time, which only the input can tell), and the footer
// counts the events and ends at the last one.
#pragma once

#include <utility>

#include "core/model/sink.hpp"

namespace ntpscope::import {

class ImportStream {
public:
    ImportStream(EventSink& sink, TraceHeader header) : sink_(sink), header_(std::move(header)) {}

    void event(const Event& event) {
        if (!header_sent_) send_header(event.t);
        sink_.on_event(event);
        ++footer_.events;
        footer_.end = event.t;
    }
    // Sends the header if no event came. The footer only for an input read to its end: a damaged
    // one, like a cut native trace, has none.
    void finish(bool complete) {
        if (!header_sent_) send_header(0);
        if (complete) sink_.on_footer(footer_);
    }
    uint64_t events() const { return footer_.events; }

private:
    void send_header(int64_t start) {
        header_.start = start;
        sink_.on_header(header_);
        header_sent_ = true;
    }

    EventSink& sink_;
    TraceHeader header_;
    TraceFooter footer_;
    bool header_sent_ = false;
};

}  // namespace ntpscope::import
