#include "core/import/strace_import.hpp"

#include <sys/stat.h>

#include <cerrno>
#include <cstring>

#include <fmt/format.h>

#include "core/import/import_stream.hpp"
#include "core/import/strace_clock.hpp"
#include "core/import/strace_interpreter.hpp"
#include "core/import/strace_syntax.hpp"
#include "core/model/error.hpp"
#include "core/trace/line_reader.hpp"

namespace ntpscope {

namespace {

// A file whose first this-many non-blank lines are all foreign is not an strace log: stop
// reading it instead of scanning gigabytes of something else.
constexpr uint64_t kLinesBeforeGivingUp = 1000;
constexpr size_t kDetectLines = 64;

int64_t file_mtime(const std::string& path) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) throw InputError(path + ": cannot open: " + std::strerror(errno));
    return static_cast<int64_t>(st.st_mtim.tv_sec) * 1'000'000'000 + st.st_mtim.tv_nsec;
}

// strace -ff -o NAME writes one file per process, NAME.PID, with no pid on the lines.
uint32_t pid_from_file_name(const std::string& path) {
    size_t dot = path.rfind('.');
    if (dot == std::string::npos || path.find('/', dot) != std::string::npos) return 0;
    std::string_view suffix = std::string_view(path).substr(dot + 1);
    for (char c : suffix)
        if (!strace::is_digit(c)) return 0;
    auto pid = strace::parse_int(suffix);
    return pid && *pid > 0 && *pid <= 4194304 ? static_cast<uint32_t>(*pid) : 0;
}

// The sum of the -r gaps, so that the last line can be put at the file's mtime; 0 when the log
// does not use -r (decided by its first timestamped line).
int64_t relative_total(const std::string& path) {
    LineReader reader(path);
    int64_t total = 0;
    uint64_t untimed = 0;
    bool first = true;
    while (auto next = reader.next()) {
        std::string_view line = *next;
        if (strace::dump_line_kind(line) != strace::DumpLine::none) continue;
        strace::LineHead head = strace::split_head(line);
        if (!strace::is_event_line(head.body)) continue;
        if (first) {
            if (head.time_kind == strace::TimeKind::none && ++untimed < kDetectLines) continue;
            if (head.time_kind != strace::TimeKind::relative) return 0;
            first = false;
        }
        if (head.time_kind == strace::TimeKind::relative) total += head.time;
    }
    return total;
}

}  // namespace

bool looks_like_strace(std::string_view prefix) {
    size_t lines = 0;
    while (!prefix.empty() && lines++ < kDetectLines) {
        size_t end = prefix.find('\n');
        std::string_view line = prefix.substr(0, end);
        prefix.remove_prefix(end == std::string_view::npos ? prefix.size() : end + 1);
        if (strace::is_event_line(strace::split_head(line).body)) return true;
    }
    return false;
}

void read_strace(const std::string& path, EventSink& sink, const ImportOptions& options) {
    strace::Clock clock(options.date, file_mtime(path), relative_total(path));
    TraceHeader header;
    header.source = "strace";
    ImportStream stream(sink, header);
    strace::Interpreter interpreter(clock, pid_from_file_name(path), [&](const Event& e) { stream.event(e); });

    LineReader reader(path);
    uint64_t understood = 0, skipped = 0, first_skipped = 0;
    while (auto line = reader.next()) {
        switch (interpreter.feed(*line)) {
            case strace::Interpreter::Line::blank:
                break;
            case strace::Interpreter::Line::understood:
                ++understood;
                break;
            case strace::Interpreter::Line::unknown:
                if (skipped++ == 0) first_skipped = reader.line_number();
                if (understood == 0 && skipped >= kLinesBeforeGivingUp)
                    throw InputError(fmt::format("{}:{}: not an strace log: no line looks like strace output",
                                                 path, first_skipped));
                break;
        }
    }
    interpreter.finish();
    if (understood == 0) {
        if (skipped == 0) throw InputError(path + ": empty file");
        throw InputError(fmt::format("{}:{}: not an strace log: no line looks like strace output", path, first_skipped));
    }
    if (skipped > 0)
        sink.on_warning(fmt::format("{}: {} {} skipped: first at line {}", path, skipped,
                                    skipped == 1 ? "line" : "lines", first_skipped));
    if (stream.events() > 0 && !clock.seen_any())
        sink.on_warning(path + ": no timestamps (strace ran without -t, -tt, -ttt or -r): event times are unknown");
    stream.finish(true);
}

}  // namespace ntpscope
