// Helpers for the trace tests: write traces to temporary files, read them back into memory,
// and make many varied events from a fixed seed.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <optional>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "core/model/error.hpp"
#include "core/model/sink.hpp"
#include "core/trace/trace_reader.hpp"
#include "core/trace/trace_writer.hpp"

namespace ntpscope::test {

// Keeps everything a reader hands over.
struct RecordingSink : EventSink {
    std::optional<TraceHeader> header;
    std::vector<Event> events;
    std::optional<TraceFooter> footer;
    std::vector<std::string> warnings;

    void on_header(const TraceHeader& h) override { header = h; }
    void on_event(const Event& e) override { events.push_back(e); }
    void on_footer(const TraceFooter& f) override { footer = f; }
    void on_warning(const std::string& message) override { warnings.push_back(message); }
};

// A file under the test's temporary directory, removed at the end of the test. The name has the
// process id in it: ctest runs tests in parallel, and other build trees run the same tests.
class TempFile {
public:
    explicit TempFile(const std::string& name)
        : path_(::testing::TempDir() + "ntpscope-" + std::to_string(::getpid()) + "-" + name) {}
    ~TempFile() { std::remove(path_.c_str()); }
    TempFile(const TempFile&) = delete;
    TempFile& operator=(const TempFile&) = delete;

    const std::string& path() const { return path_; }
    void write(std::string_view content) const {
        std::ofstream out(path_, std::ios::binary | std::ios::trunc);
        out.write(content.data(), static_cast<std::streamsize>(content.size()));
    }
    std::string read() const {
        std::ifstream in(path_, std::ios::binary);
        std::stringstream text;
        text << in.rdbuf();
        return text.str();
    }

private:
    std::string path_;
};

// The trace text TraceWriter produces for these records.
inline std::string trace_text(const TraceHeader& header, const std::vector<Event>& events,
                              const std::optional<TraceFooter>& footer) {
    char* data = nullptr;
    size_t size = 0;
    std::FILE* out = open_memstream(&data, &size);
    {
        trace::TraceWriter writer(out);
        writer.write_header(header);
        for (const Event& event : events) writer.write_event(event);
        if (footer) writer.write_footer(*footer);
        writer.flush();
    }
    std::fclose(out);
    std::string text(data, size);
    std::free(data);
    return text;
}

// The message of the InputError that reading `content` throws, or "" when nothing is thrown.
inline std::string read_error(const TempFile& file, std::string_view content) {
    file.write(content);
    RecordingSink sink;
    try {
        trace::read_trace(file.path(), sink);
    } catch (const InputError& e) {
        return e.what();
    }
    return "";
}

inline RecordingSink read_back(const TempFile& file) {
    RecordingSink sink;
    trace::read_trace(file.path(), sink);
    return sink;
}

TraceHeader sample_header();
Event sample_recvmsg();
// Varied events covering every syscall and every optional field, valid per the model.
std::vector<Event> random_events(uint32_t seed, size_t count);

}  // namespace ntpscope::test
