// The strace importer line by line, in memory: the same Interpreter the file import drives,
// fed the input's lines one at a time, and the line-level parsers it is built on called on
// every line directly (so that a line is fuzzed even where the interpreter would skip it).
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "checking_sink.hpp"
#include "core/import/import_stream.hpp"
#include "core/import/strace/clock.hpp"
#include "core/import/strace/interpreter.hpp"
#include "core/import/strace/line.hpp"

namespace {

using namespace ntpscope;
using namespace ntpscope::import::strace;

// A fixed file time keeps every run of an input the same (the file import uses the mtime).
constexpr int64_t kFileTime = 1'700'000'000'000'000'000;

void parse_parts(std::string_view line) {
    LineHead head = split_head(line);
    if (size_t close = head.body.rfind(')'); close != std::string_view::npos)
        parse_result(head.body.substr(close + 1));
    std::vector<uint8_t> bytes;
    dump_bytes(line, bytes);
    dump_vector_index(line);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    fuzz::read_checked([&](EventSink& sink) {
        Clock clock(std::nullopt, kFileTime, 0);
        import::ImportStream stream(sink, TraceHeader{});
        Interpreter interpreter(clock, 0, [&](const Event& e) { stream.event(e); });
        while (!text.empty()) {
            const size_t end = text.find('\n');
            const std::string_view line = text.substr(0, end);
            text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
            parse_parts(line);
            interpreter.feed(line);
        }
        interpreter.finish();
        stream.finish(true);
    });
    return 0;
}
