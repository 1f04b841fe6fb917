// An input the readers can open twice: they detect the kind from a prefix, then read; the strace
// importer reads its file twice (the -r/date pre-scan). A pipe (`summary <(zstdcat t.zst)`), a
// FIFO or a gzip-compressed file is read once, decompressed, into a temporary file that is
// removed when done; a plain regular file is used as it is.
#pragma once

#include <string>

#include "core/model/sink.hpp"

namespace ntpscope::import {

class SpooledInput {
public:
    // Throws InputError naming `path` when it cannot be opened, read or decompressed.
    explicit SpooledInput(const std::string& path);
    ~SpooledInput();
    SpooledInput(const SpooledInput&) = delete;
    SpooledInput& operator=(const SpooledInput&) = delete;

    // What the readers open.
    const std::string& path() const { return readable_; }
    // The readers name what they open in their messages: this puts the user's name back.
    std::string named(std::string message) const;

private:
    std::string original_;
    std::string readable_;
    bool temporary_ = false;
};

// Forwards to `sink`, naming the user's input in warnings instead of the temporary file.
class RenamingSink : public EventSink {
public:
    RenamingSink(const SpooledInput& input, EventSink& sink) : input_(input), sink_(sink) {}
    void on_header(const TraceHeader& header) override { sink_.on_header(header); }
    void on_event(const Event& event) override { sink_.on_event(event); }
    void on_footer(const TraceFooter& footer) override { sink_.on_footer(footer); }
    void on_warning(const std::string& message) override { sink_.on_warning(input_.named(message)); }

private:
    const SpooledInput& input_;
    EventSink& sink_;
};

}  // namespace ntpscope::import
