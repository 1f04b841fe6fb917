// Writes any input's events as pcapng for Wireshark. Every successful datagram call becomes an
// IP/UDP packet rebuilt from its socket addresses (local = the socket's bound address, or the
// pktinfo destination of a receive; remote = msg_name / dest_addr, or the connected peer),
// inbound or outbound by the call, with the call, fd, pid and errno in the packet comment.
// Every other event (clock calls, socket life cycle, failed calls such as EAGAIN reads, process
// start and end) becomes a syslog message from 127.0.0.1 to 127.0.0.1:514 carrying the same
// text at the event's time, so Wireshark lists it in order while a filter on ntp leaves exactly
// the trace's NTP packets. docs/import-export.md explains the choice.
#pragma once

#include <cstdint>
#include <cstdio>
#include <functional>
#include <string>
#include <vector>

#include "core/export/pcapng_writer.hpp"
#include "core/model/sink.hpp"

namespace ntpscope::pcapng {

class PcapngExporter : public EventSink {
public:
    using Warn = std::function<void(const std::string&)>;

    // Does not take ownership of `out`. `input_name` is named in the section comment; warnings
    // of the reader go to `warn`.
    PcapngExporter(std::FILE* out, std::string input_name, Warn warn);

    void on_header(const TraceHeader& header) override;
    void on_event(const Event& event) override;
    void on_footer(const TraceFooter& footer) override;
    void on_warning(const std::string& message) override;
    // Writes everything out; throws std::system_error when the output cannot be written.
    void finish();

    uint64_t packets() const { return packets_; }
    uint64_t notes() const { return notes_; }

private:
    void start(const TraceHeader* header);
    void note(int64_t t, const std::string& text);

    Writer writer_;
    std::string input_name_;
    Warn warn_;
    bool started_ = false;
    std::vector<uint8_t> frame_;
    uint16_t ip_id_ = 0;
    uint64_t packets_ = 0;
    uint64_t notes_ = 0;
};

}  // namespace ntpscope::pcapng
