// Writes a trace as JSON Lines (docs/trace-format.md): header, events, footer.
#pragma once

#include <array>
#include <cstdio>
#include <string>

#include "core/json/json_writer.hpp"
#include "core/model/event.hpp"

namespace ntpscope::trace {

class TraceWriter {
public:
    // Does not take ownership of `out`. Output is buffered; flush() pushes it to `out`.
    explicit TraceWriter(std::FILE* out);
    // Flushes too, but cannot report a failure: call flush() before destruction.
    ~TraceWriter();
    TraceWriter(const TraceWriter&) = delete;
    TraceWriter& operator=(const TraceWriter&) = delete;

    // Always writes the current format version (kFormatVersion), whatever header.version says.
    void write_header(const TraceHeader& header);
    // Pushes the buffer to `out` once it holds about 1 MiB, so it can throw like flush().
    void write_event(const Event& event);
    void write_footer(const TraceFooter& footer);
    // Throws std::system_error when the underlying write fails (disk full, closed pipe).
    void flush();

    uint64_t events_written() const { return events_; }

private:
    void write_buffer();
    void write_sock(json::BufferWriter& w, const SockInfo& sock);

    // The "sock" objects of recently written sockets, as text: a recorder writes the same few
    // sockets over and over, and comparing a SockInfo costs far less than formatting it.
    struct FormattedSock {
        SockInfo sock;
        std::string text;  // empty: nothing cached in this slot yet
    };

    std::FILE* out_;
    json::Buffer buf_;
    std::array<FormattedSock, 8> socks_;  // slot: socket id modulo 8
    uint64_t events_ = 0;
};

}  // namespace ntpscope::trace
