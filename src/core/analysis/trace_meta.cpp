#include "core/analysis/trace_meta.hpp"

namespace ntpscope::analysis {

std::string_view note_code_name(NoteCode c) {
    switch (c) {
        case NoteCode::lost_events: return "lost_events";
        case NoteCode::no_footer: return "no_footer";
        case NoteCode::event_count: return "event_count";
        case NoteCode::omitted_messages: return "omitted_messages";
        case NoteCode::truncated_payloads: return "truncated_payloads";
        case NoteCode::reader_warnings: return "reader_warnings";
        case NoteCode::short_trace: return "short_trace";
        case NoteCode::too_many_peers: return "too_many_peers";
        case NoteCode::no_ntp: return "no_ntp";
    }
    return "unknown";
}

}  // namespace ntpscope::analysis
