// The native trace reader (JSON Lines), both ways of parsing event lines.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "checking_sink.hpp"
#include "core/trace/trace_reader.hpp"
#include "memory_file.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace ntpscope;
    static const fuzz::MemoryFile file;
    const std::string& path = file.holding(data, size);
    trace::looks_like_trace({reinterpret_cast<const char*>(data), size});
    // The scanner's fast path and simdjson must both survive any line; the fast path hands the
    // lines it does not take to simdjson, so fuzzing only the default would miss simdjson-only.
    for (auto parsing : {trace::EventLineParsing::scanner_first, trace::EventLineParsing::simdjson_only})
        fuzz::read_checked([&](EventSink& sink) { trace::read_trace(path, sink, parsing); });
    return 0;
}
