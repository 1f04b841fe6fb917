#include "core/import/strace/interpreter.hpp"

#include <algorithm>

#include "core/import/strace/syntax.hpp"

namespace ntpscope::import::strace {

namespace {

constexpr std::string_view kUnfinished = "<unfinished ...>";
constexpr std::string_view kResumedPrefix = "<... ";
constexpr std::string_view kResumedSuffix = " resumed>";
constexpr std::string_view kStraceMessage = "strace: ";
constexpr std::string_view kAttached = "strace: Process ";

std::string_view call_name(std::string_view body) {
    size_t end = 0;
    while (end < body.size() && is_ident_char(body[end])) ++end;
    return body.substr(0, end);
}

bool ends_with(std::string_view text, std::string_view suffix) {
    return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

std::string_view trim_right(std::string_view text) {
    while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
    return text;
}

}  // namespace

bool is_event_line(std::string_view body) {
    if (body.starts_with("--- ") || body.starts_with("+++ ") || body.starts_with(kResumedPrefix)) return true;
    std::string_view name = call_name(body);
    if (name.empty() || name.size() >= body.size() || body[name.size()] != '(' || is_digit(name[0])) return false;
    if (ends_with(trim_right(body), kUnfinished)) return true;
    size_t equals = body.rfind(" = ");
    if (equals == std::string_view::npos) return false;
    std::string_view before = trim_right(body.substr(0, equals));
    return !before.empty() && before.back() == ')';
}

Interpreter::Interpreter(Clock& clock, uint32_t default_pid, Emit emit)
    : clock_(clock), unprefixed_pid_(default_pid), events_(table_, std::move(emit), default_pid == 0) {}

Interpreter::Line Interpreter::feed(std::string_view line) {
    if (trim_right(line).empty()) return Line::blank;
    if (DumpLine kind = dump_line_kind(line); kind != DumpLine::none) {
        events_.dump_line(kind, line);
        return Line::understood;
    }
    events_.flush_pending();
    LineHead head = split_head(line);
    std::string_view body = head.body;
    if (!is_event_line(body)) {
        // strace's own messages, sometimes printed into the middle of a call's line.
        size_t at = body.find(kStraceMessage);
        if (at == std::string_view::npos) return Line::unknown;
        strace_message(head, body, at);
        return at == 0 ? Line::understood : Line::unknown;
    }
    seen_event_line_ = true;
    if (head.tid && unprefixed_pid_ == 0) adopt_main_pid(*head.tid);
    if (!head.comm.empty()) table_.process_of(tid_of(head)).set_comm(head.comm);
    if (body.starts_with("--- ")) {
        clock_.at(head.time_kind, head.time);
        return Line::understood;
    }
    if (body.starts_with("+++ ")) {
        events_.exit(tid_of(head), clock_.at(head.time_kind, head.time), body);
        return Line::understood;
    }
    if (body.starts_with(kResumedPrefix)) return resumed_line(head, body);
    return call_line(head, body);
}

void Interpreter::finish() {
    events_.flush_pending();
    events_.release_held();
}

void Interpreter::strace_message(const LineHead& head, std::string_view body, size_t at) {
    // "strace: Process 123 attached": before any call, the -p target; later, a new thread or child.
    std::string_view message = body.substr(at);
    if (!message.starts_with(kAttached)) return;
    message.remove_prefix(kAttached.size());
    auto pid = parse_int(message.substr(0, message.find(' ')));
    if (!pid || *pid <= 0 || *pid > UINT32_MAX || message.find(" attached") == std::string_view::npos) return;
    auto tid = static_cast<uint32_t>(*pid);
    if (!seen_event_line_) {
        if (unprefixed_pid_ == 0) unprefixed_pid_ = tid;
        events_.release_held();  // none held yet: the target is known
        return;
    }
    children_.push_back(tid);
    // The clone that made it, cut off by the message: "clone3({flags=...|CLONE_THREAD|...}strace: ..."
    std::string_view call = body.substr(0, at);
    if (call.starts_with("clone") && call.find("CLONE_THREAD") != std::string_view::npos)
        table_.add_thread(tid, table_.process_of(tid_of(head)).tgid);
}

void Interpreter::adopt_main_pid(uint32_t tid) {
    if (std::find(children_.begin(), children_.end(), tid) != children_.end() || table_.is_thread(tid)) return;
    unprefixed_pid_ = tid;
    events_.name_held(tid);
    table_.name_unnamed(tid);
}

Interpreter::Line Interpreter::call_line(const LineHead& head, std::string_view body) {
    int64_t t = clock_.at(head.time_kind, head.time);
    std::string_view name = call_name(body);
    bool wanted = EventBuilder::wanted(name);
    std::string_view trimmed = trim_right(body);
    if (ends_with(trimmed, kUnfinished)) {
        if (!wanted) return Line::understood;
        uint32_t tid = tid_of(head);
        auto it = std::find_if(unfinished_.begin(), unfinished_.end(), [&](const Unfinished& u) { return u.tid == tid; });
        if (it == unfinished_.end()) it = unfinished_.insert(unfinished_.end(), Unfinished{});
        it->tid = tid;
        it->call.assign(trimmed.substr(0, trimmed.size() - kUnfinished.size()));
        return Line::understood;
    }
    if (!wanted) return Line::understood;
    return events_.call(tid_of(head), t, false, body) ? Line::understood : Line::unknown;
}

Interpreter::Line Interpreter::resumed_line(const LineHead& head, std::string_view body) {
    int64_t t = clock_.at(head.time_kind, head.time);
    size_t end = body.find(kResumedSuffix);
    if (end == std::string_view::npos) return Line::unknown;
    std::string_view name = body.substr(kResumedPrefix.size(), end - kResumedPrefix.size());
    std::string_view rest = body.substr(end + kResumedSuffix.size());
    uint32_t tid = tid_of(head);
    auto it = std::find_if(unfinished_.begin(), unfinished_.end(), [&](const Unfinished& u) { return u.tid == tid; });
    bool wanted = EventBuilder::wanted(name);
    if (it == unfinished_.end() || call_name(it->call) != name) return wanted ? Line::unknown : Line::understood;
    Unfinished started = std::move(*it);
    unfinished_.erase(it);
    // "<... recvmsg resumed> <unfinished ...>) = ?": the process went away inside the call.
    if (rest.find(kUnfinished) != std::string_view::npos) return Line::understood;
    joined_.assign(started.call);
    joined_.append(rest);
    return events_.call(tid, t, true, joined_) ? Line::understood : Line::unknown;
}

}  // namespace ntpscope::import::strace
