#include "core/report/change_line.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "core/json/json_writer.hpp"
#include "core/report/summary_document.hpp"
#include "core/report/text_layout.hpp"

namespace ntpscope::report {

namespace {

using analysis::Change;
using analysis::ChangeKind;

// What changed, in words; the detail may come from the trace (a comm) and is cleaned by callers.
std::string message(const Change& c) {
    switch (c.kind) {
        case ChangeKind::peer_appeared:
            return fmt::format("new association, type {}{}", c.to, c.detail.empty() ? "" : ", " + c.detail);
        case ChangeKind::type: return fmt::format("type {} -> {}", c.from, c.to);
        case ChangeKind::poll: return fmt::format("poll {} s -> {} s", c.from, c.to);
        case ChangeKind::reach_dropped: return fmt::format("reach dropped {} -> {}", c.from, c.to);
        case ChangeKind::reach_recovered: return fmt::format("reach recovered {} -> {}", c.from, c.to);
        case ChangeKind::kiss_of_death: return "first Kiss-o'-Death " + c.detail;
        case ChangeKind::replies_stopped: return "replies stopped: " + c.detail;
        case ChangeKind::replies_resumed: return "replies resumed";
        case ChangeKind::clock_step: return "clock step " + c.detail;
        case ChangeKind::daemon_started: return "daemon started: " + c.detail;
        case ChangeKind::daemon_exited: return "daemon exited: " + c.detail;
        case ChangeKind::events_lost: return fmt::format("events lost: {} -> {} in total", c.from, c.to);
    }
    return std::string(analysis::change_kind_name(c.kind));
}

// One line: no line breaks either.
std::string one_line(std::string_view text) {
    std::string out = clean(text);
    std::replace(out.begin(), out.end(), '\n', '?');
    return out;
}

}  // namespace

std::string change_text_line(const Change& c) {
    return one_line(fmt::format("{}  {}  {}", format_utc(c.t), c.peer.empty() ? "host" : c.peer, message(c)));
}

std::string change_json_line(const Change& c) {
    std::string out;
    json::Writer w(out);
    w.begin_object();
    w.key("time").string(format_utc(c.t));
    w.key("t").number(c.t);
    w.key("kind").string(analysis::change_kind_name(c.kind));
    if (!c.peer.empty()) w.key("peer").string(c.peer);
    if (!c.from.empty()) w.key("from").string(c.from);
    if (!c.to.empty()) w.key("to").string(c.to);
    if (!c.detail.empty()) w.key("detail").string(c.detail);
    w.key("text").string(message(c));
    w.end_object();
    return out;
}

}  // namespace ntpscope::report
