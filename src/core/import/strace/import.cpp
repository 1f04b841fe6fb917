#include "core/import/strace/import.hpp"

#include <sys/stat.h>

#include <cerrno>
#include <cstring>

#include <fmt/format.h>

#include "core/import/import_stream.hpp"
#include "core/import/strace/clock.hpp"
#include "core/import/strace/date.hpp"
#include "core/import/strace/interpreter.hpp"
#include "core/import/strace/syntax.hpp"
#include "core/model/error.hpp"
#include "core/trace/line_reader.hpp"

namespace ntpscope::import::strace {

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
        if (!is_digit(c)) return 0;
    auto pid = parse_int(suffix);
    return pid && *pid > 0 && *pid <= 4194304 ? static_cast<uint32_t>(*pid) : 0;
}

// What reading the whole log once tells before its events are built: the sum of the -r gaps,
// so that the last line can be put at the file's mtime (0 when the log does not use -r, as
// decided by its first timestamped line), and the date its -t/-tt times of day belong to.
struct Prescan {
    int64_t relative_total = 0;
    bool time_of_day = false;
    std::optional<int64_t> stamped_midnight;
};

// Enough stamps agree on a date long before the end of a big log.
constexpr uint64_t kDateStamps = 64;

Prescan prescan(const std::string& path) {
    trace::LineReader reader(path);
    Prescan out;
    DateFinder dates;
    uint64_t untimed = 0, stamped = 0;
    bool first = true;
    while (auto next = reader.next()) {
        std::string_view line = *next;
        if (dump_line_kind(line) != DumpLine::none) continue;
        LineHead head = split_head(line);
        if (!is_event_line(head.body)) continue;
        if (first) {
            if (head.time_kind == TimeKind::none && ++untimed < kDetectLines) continue;
            if (head.time_kind != TimeKind::relative && head.time_kind != TimeKind::time_of_day)
                break;
            first = false;
        }
        if (head.time_kind == TimeKind::relative) out.relative_total += head.time;
        if (head.time_kind != TimeKind::time_of_day) continue;
        out.time_of_day = true;
        if (dates.feed(head.time_kind, head.time, head.body) && ++stamped >= kDateStamps) break;
    }
    out.stamped_midnight = dates.first_midnight();
    return out;
}

}  // namespace

bool looks_like_strace(std::string_view prefix) {
    size_t lines = 0;
    while (!prefix.empty() && lines++ < kDetectLines) {
        size_t end = prefix.find('\n');
        std::string_view line = prefix.substr(0, end);
        prefix.remove_prefix(end == std::string_view::npos ? prefix.size() : end + 1);
        if (is_event_line(split_head(line).body)) return true;
    }
    return false;
}

void read_strace(const std::string& path, EventSink& sink, const ReadOptions& options) {
    const Prescan scan = prescan(path);
    TraceHeader header;
    header.source = "strace";
    std::optional<int64_t> date = options.date;
    if (scan.time_of_day) {
        if (options.date) {
            header.date_from = "given with --date";
        } else if (scan.stamped_midnight) {
            date = scan.stamped_midnight;
            header.date_from = "the kernel timestamps in the log";
        } else {
            header.date_from = "the file's mtime: pass --date if wrong";
        }
    }
    Clock clock(date, file_mtime(path), scan.relative_total);
    ImportStream stream(sink, header);
    Interpreter interpreter(clock, pid_from_file_name(path), [&](const Event& e) { stream.event(e); });

    trace::LineReader reader(path);
    uint64_t understood = 0, skipped = 0, first_skipped = 0;
    while (auto line = reader.next()) {
        switch (interpreter.feed(*line)) {
            case Interpreter::Line::blank:
                break;
            case Interpreter::Line::understood:
                ++understood;
                break;
            case Interpreter::Line::unknown:
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

}  // namespace ntpscope::import::strace
