// What every file-reader target checks beyond "no crash": each message for the user is one line
// without control characters, and everything a reader hands out can be written back as a trace
// (the writer reads every field, so a value built from bad memory is caught in the run that
// made it).
#pragma once

#include <cstdio>
#include <memory>
#include <string>
#include <string_view>

#include "core/model/error.hpp"
#include "core/model/sink.hpp"
#include "core/trace/trace_writer.hpp"

namespace ntpscope::fuzz {

// Aborts (a finding for libFuzzer) when `message` is empty or holds a control character.
void check_message(std::string_view message);

class CheckingSink : public EventSink {
public:
    CheckingSink();

    void on_header(const TraceHeader& header) override { writer_.write_header(header); }
    void on_event(const Event& event) override { writer_.write_event(event); }
    void on_footer(const TraceFooter& footer) override { writer_.write_footer(footer); }
    void on_warning(const std::string& message) override { check_message(message); }

private:
    // Declared first: the writer flushes into it when destroyed.
    std::unique_ptr<std::FILE, int (*)(std::FILE*)> null_;
    trace::TraceWriter writer_;
};

// Runs `read` into the process's CheckingSink, accepting an InputError with a good message as
// the answer to bad input; any other exception escapes and is a finding. One sink for all runs,
// as for one long recording: a writer per run would spend most of the run on its buffer.
template <typename Read>
void read_checked(Read&& read) {
    static CheckingSink sink;
    try {
        read(sink);
    } catch (const InputError& e) {
        check_message(e.what());
    }
}

}  // namespace ntpscope::fuzz
