// The catalogue of finding kinds: stable names for machines, and for people what each usually
// means for ntpd and what to check next. docs/findings.md is the same catalogue in prose.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

namespace ntpscope::diff {

// In catalogue order: within one severity, an earlier kind ranks first, because it usually
// explains the later ones (a crypto-NAK explains missing replies, not the other way round).
enum class Kind : uint8_t {
    no_ntp,
    stuck_unicast,
    auth_failure,
    kod_deny,
    kod_rate,
    no_replies,
    no_broadcasts,
    clock_step,
    foreign_clock_step,
    clock_writers,
    peer_missing,
    mode_mismatch,
    reply_loss,
    broadcast_loss,
    key_mismatch,
    kod_other,
    clock_unsync,
    discipline_missing,
    socket_missing,
    socket_errors,
    offset_divergence,
    freq_limit,
    discipline_offset,
    poll_mismatch,
    burst_polling,
    delay_divergence,
    extra_peer,
    socket_activity,
    lost_events,
    trace_incomplete,
    short_trace,
    count_,
};

struct KindInfo {
    Kind kind;
    std::string_view name;        // "stuck_unicast"
    std::string_view meaning;     // what it usually means for ntpd
    std::string_view next_steps;  // what to check next
};

const KindInfo& kind_info(Kind kind);
std::span<const KindInfo> catalogue();

// One mechanism behind a kind, when the traces tell the mechanisms apart: it replaces the
// kind's meaning and next steps for that finding.
struct CauseInfo {
    std::string_view name;  // "configured_server"
    std::string_view meaning;
    std::string_view next_steps;
};

// Why a host polls a server it should only listen to (stuck_unicast).
enum class StuckCause : uint8_t {
    configured_server,  // a server/peer line for it: requests from the start, no multicast association
    left_behind,        // the start-up exchange's client association stayed (the seed, 2011)
};
const CauseInfo& stuck_cause_info(StuckCause cause);

}  // namespace ntpscope::diff
