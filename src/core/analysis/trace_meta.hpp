// What the trace says about itself (source, host, span, completeness), and the notes that tell
// the reader what it cannot show (host_notes.hpp derives them).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/analysis/bounded.hpp"
#include "core/model/event.hpp"

namespace ntpscope::analysis {

struct ProcessEvent {
    int64_t t = 0;
    Syscall syscall = Syscall::exec;  // exec or exit
    uint32_t pid = 0;
    std::string comm;
    bool operator==(const ProcessEvent&) const = default;
};

struct TraceMeta {
    std::string source;  // "ebpf", "strace", "pcap"
    std::string tool;
    std::string host;
    std::string kernel;
    std::optional<SockAddr> host_ip;
    std::string date_from;  // strace -t/-tt: where the date came from
    std::vector<TargetInfo> targets;
    int64_t start = 0;  // header start, else the first event
    int64_t end = 0;    // footer end, else the last event
    double duration = 0;  // s
    uint64_t events = 0;  // events read
    std::array<uint64_t, kSyscallCount> events_by_syscall{};
    bool footer = false;
    uint64_t footer_events = 0;
    uint64_t lost = 0;
    uint64_t omitted = 0;            // recvmmsg/sendmmsg messages past the recording bound
    uint64_t truncated_payloads = 0;
    uint64_t untracked_peer_packets = 0;  // packets from peers past kMaxPeers
    FirstLast<ProcessEvent, 8> processes;
    FirstLast<std::string, 10> warnings;  // reader warnings, as given
};

enum class NoteCode : uint8_t {
    lost_events,       // the recorder dropped events
    no_footer,         // the trace ends without a footer (recorder killed, file cut)
    event_count,       // the footer's event count differs from the events read
    omitted_messages,  // recvmmsg/sendmmsg messages not recorded
    truncated_payloads,
    reader_warnings,
    short_trace,       // too short to judge poll intervals for some peers
    too_many_peers,
    no_ntp,            // no NTP packet at all
};
std::string_view note_code_name(NoteCode c);  // "lost_events", ...

struct Note {
    NoteCode code = NoteCode::lost_events;
    std::string text;  // one sentence for a human
    bool operator==(const Note&) const = default;
};

}  // namespace ntpscope::analysis
