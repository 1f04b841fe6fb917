// The JSON summary, schema "ntpscope.summary/1" (docs/analysis.md). Times are integer ns since
// the Unix epoch ("t", "*_t"); durations and offsets are seconds as numbers ("*_s"). Fields are
// only ever added within a schema version, never renamed or removed. One file on purpose: it is
// the whole schema in document order, so a field added anywhere is seen beside its neighbours.
#include <optional>

#include <fmt/format.h>

#include "core/json/json_writer.hpp"
#include "core/kabi/timex_names.hpp"
#include "core/model/errno_names.hpp"
#include "core/report/summary_render.hpp"

namespace ntpscope::report {

using namespace ntpscope::analysis;

namespace {

constexpr std::string_view kSchema = "ntpscope.summary/1";

void address_or_null(json::Writer& w, const SockAddr& a) {
    if (a.present()) w.string(a.to_string());
    else w.null();
}

template <typename T>
void number_or_null(json::Writer& w, const std::optional<T>& n) {
    if (n) w.number(*n);
    else w.null();
}

void counts(json::Writer& w, const DirectionCounts& c) {
    w.begin_object().key("sent").number(c.sent).key("received").number(c.received).end_object();
}

template <typename Key, size_t N>
void counts_by(json::Writer& w, const CappedMap<Key, DirectionCounts, N>& map) {
    w.begin_object();
    for (const auto& [key, c] : map.items) {
        w.key(fmt::format("{}", key));
        counts(w, c);
    }
    if (map.other_updates) {
        w.key("other");
        counts(w, map.other);
    }
    w.end_object();
}

template <typename Key, size_t N>
void tallies(json::Writer& w, const CappedMap<Key, uint64_t, N>& map, auto&& name) {
    w.begin_object();
    for (const auto& [key, n] : map.items) w.key(name(key)).number(n);
    if (map.other_updates) w.key("other").number(map.other);
    w.end_object();
}

void stats(json::Writer& w, const RunningStats& s) {
    w.begin_object().key("count").number(s.count);
    if (s.count) {
        w.key("mean").number(s.mean).key("min").number(s.min).key("max").number(s.max);
        w.key("stddev").number(s.stddev());
    }
    w.end_object();
}

void intervals(json::Writer& w, const IntervalStats& s) {
    w.begin_object().key("stats_s");
    stats(w, s.stats);
    w.key("last_s").number(s.last).key("histogram").begin_array();
    for (size_t b = 0; b < s.histogram.counts.size(); ++b) {
        if (!s.histogram.counts[b]) continue;
        w.begin_object()
            .key("log2_s").number(IntervalHistogram::log2_of_bucket(static_cast<int>(b)))
            .key("count").number(s.histogram.counts[b])
            .end_object();
    }
    w.end_array().end_object();
}

void example(json::Writer& w, const ExampleEvent& e) {
    w.begin_object()
        .key("t").number(e.t)
        .key("syscall").string(syscall_name(e.syscall))
        .key("pid").number(e.pid)
        .key("fd").number(e.fd)
        .key("ret").number(e.ret);
    if (e.err) w.key("err").string(errno_name(e.err));
    w.key("len").number(e.len);
    if (e.ntp_mode >= 0) w.key("mode").number(static_cast<int>(e.ntp_mode)).key("poll").number(static_cast<int>(e.ntp_poll));
    w.key("peer");
    address_or_null(w, e.peer);
    w.key("local");
    address_or_null(w, e.local);
    w.end_object();
}

// {"kind": {total, events: [...]}, ...} for the kinds that have any.
template <typename Logs, typename Name>
void examples_by_kind(json::Writer& w, const Logs& logs, Name name) {
    w.begin_object();
    for (size_t k = 0; k < logs.size(); ++k) {
        if (!logs[k].total()) continue;
        w.key(name(k)).begin_object().key("total").number(logs[k].total()).key("events").begin_array();
        for (const ExampleEvent& e : logs[k].items()) example(w, e);
        w.end_array().end_object();
    }
    w.end_object();
}

void exchange(json::Writer& w, const ExchangeCounts& c) {
    w.begin_object()
        .key("requests").number(c.requests)
        .key("answered").number(c.answered)
        .key("unanswered").number(c.unanswered)
        .key("awaiting_at_end").number(c.awaiting_at_end)
        .key("unmatched_replies").number(c.unmatched_replies)
        .key("duplicate_replies").number(c.duplicate_replies)
        .key("matched_by_time").number(c.matched_by_time)
        .end_object();
}

void poll_runs(json::Writer& w, const FirstLast<PollRun, 8>& runs) {
    w.begin_object().key("total").number(runs.total()).key("runs").begin_array();
    for (const PollRun& r : runs.items())
        w.begin_object()
            .key("first_t").number(r.first_t)
            .key("last_t").number(r.last_t)
            .key("poll").number(static_cast<int>(r.poll))
            .key("packets").number(r.packets)
            .end_object();
    w.end_array().end_object();
}

void polling(json::Writer& w, const Polling& p) {
    w.begin_object().key("steady");
    intervals(w, p.steady);
    w.key("received");
    intervals(w, p.received);
    w.key("startup_volleys").number(p.startup_volleys)
        .key("bursts").number(p.bursts)
        .key("burst_requests").number(p.burst_requests)
        .key("burst_log").begin_array();
    for (const Burst& b : p.burst_log.items())
        w.begin_object()
            .key("first_t").number(b.first_t)
            .key("last_t").number(b.last_t)
            .key("requests").number(b.requests)
            .key("startup").boolean(b.startup)
            .end_object();
    w.end_array().key("sent_poll");
    poll_runs(w, p.sent_poll);
    w.key("received_poll");
    poll_runs(w, p.received_poll);
    w.end_object();
}

void timing(json::Writer& w, const Timing& t) {
    w.begin_object().key("samples").number(t.samples);
    if (t.samples) w.key("offset_s").number(t.offset).key("delay_s").number(t.delay).key("jitter_s").number(t.jitter);
    w.key("offsets_s");
    stats(w, t.offsets);
    w.key("delays_s");
    stats(w, t.delays);
    w.key("t1_from_tx_timestamp").number(t.t1_from_tx_timestamp);
    w.key("t1_from_event").number(t.t1_from_event).key("series").begin_array();
    for (const OffsetSample& s : t.series.points())
        w.begin_object().key("t").number(s.t).key("offset_s").number(s.offset).key("delay_s").number(s.delay).end_object();
    w.end_array().end_object();
}

void peer_state(json::Writer& w, const PeerState& s) {
    if (!s.seen) {
        w.null();
        return;
    }
    w.begin_object()
        .key("leap").number(s.leap)
        .key("version").number(s.version)
        .key("stratum").number(s.stratum)
        .key("poll").number(static_cast<int>(s.poll))
        .key("precision").number(static_cast<int>(s.precision))
        .key("refid").string(s.refid_text)
        .key("refid_raw").number(s.refid)
        .key("root_delay_s").number(s.root_delay)
        .key("root_dispersion_s").number(s.root_dispersion)
        .end_object();
}

void auth(json::Writer& w, const AuthCounts& a) {
    w.begin_object().key("none");
    counts(w, a.none);
    w.key("mac");
    counts(w, a.mac);
    w.key("crypto_nak");
    counts(w, a.crypto_nak);
    w.key("nts");
    counts(w, a.nts);
    w.key("digest_len").number(a.digest_len).key("last_key_id").number(a.last_key_id).end_object();
}

void peer(json::Writer& w, const PeerModel& p) {
    w.begin_object()
        .key("address").string(p.name())
        .key("ports").begin_array();
    for (uint16_t port : p.ports) w.number(port);
    w.end_array()
        .key("type").string(association_type_name(p.type))
        .key("t").string(std::string(1, association_type_char(p.type)))
        .key("serves").boolean(p.serves)
        .key("multicast_dst").boolean(p.multicast_dst)
        .key("reach").number(p.reach)
        .key("when_s");
    number_or_null(w, p.when);
    w.key("poll_log2");
    number_or_null(w, p.poll_log2);
    w.key("measured_interval_s");
    number_or_null(w, p.measured_interval);

    const PacketCounts& c = p.packets;
    w.key("packets").begin_object().key("all");
    counts(w, c.all);
    w.key("by_mode").begin_object();
    for (size_t mode = 0; mode < c.by_mode.size(); ++mode) {
        if (!c.by_mode[mode].total()) continue;
        w.key(fmt::format("{}", mode));
        counts(w, c.by_mode[mode]);
    }
    w.end_object().key("by_length");
    counts_by(w, c.by_length);
    w.key("by_key_id");
    counts_by(w, c.by_key_id);
    w.key("not_ntp");
    counts(w, c.not_ntp);
    w.key("truncated");
    counts(w, c.truncated);
    w.end_object();

    w.key("outbound");
    exchange(w, p.outbound);
    w.key("inbound");
    exchange(w, p.inbound);
    w.key("polling");
    polling(w, p.polling);
    w.key("timing");
    timing(w, p.timing);
    w.key("broadcast_timing");
    timing(w, p.broadcast_timing);
    w.key("state");
    peer_state(w, p.state);
    w.key("auth");
    auth(w, p.auth);
    w.key("kiss_codes");
    tallies(w, p.kiss_codes, [](const std::string& k) { return k; });
    w.key("first_t").number(p.first_t)
        .key("last_t").number(p.last_t)
        .key("last_sent_t").number(p.last_sent_t)
        .key("last_received_t").number(p.last_received_t)
        .key("examples");
    examples_by_kind(w, p.examples, [](size_t k) { return peer_example_name(static_cast<PeerExample>(k)); });
    w.end_object();
}

constexpr std::string_view kSocketExampleNames[] = {"received", "eagain", "sent", "error"};

void socket(json::Writer& w, const SocketModel& s) {
    w.begin_object()
        .key("label").string(s.label())
        .key("role").string(socket_role_name(s.role))
        .key("family").number(s.family)
        .key("type").number(s.type)
        .key("local");
    address_or_null(w, s.local);
    w.key("remote");
    address_or_null(w, s.remote);
    w.key("fds").begin_array();
    for (int32_t fd : s.fds) w.number(fd);
    w.end_array().key("instances").number(s.instances).key("groups").begin_array();
    for (const SockAddr& g : s.groups) w.string(g.ip_string());
    w.end_array()
        .key("receive_calls").number(s.receive_calls)
        .key("received").number(s.received)
        .key("eagain").number(s.eagain)
        .key("receive_errors").number(s.receive_errors)
        .key("send_calls").number(s.send_calls)
        .key("sent").number(s.sent)
        .key("send_errors").number(s.send_errors)
        .key("bytes_received").number(s.bytes_received)
        .key("bytes_sent").number(s.bytes_sent)
        .key("not_ntp").number(s.not_ntp)
        .key("sent_copies").number(s.sent_copies)
        .key("truncated").number(s.truncated)
        .key("errors");
    tallies(w, s.errors, [](int32_t err) { return errno_name(err); });
    w.key("peers").begin_array();
    for (const SockAddr& a : s.peers) w.string(a.ip_string());
    w.end_array()
        .key("more_peers").number(s.more_peers)
        .key("first_t").number(s.first_t)
        .key("last_t").number(s.last_t)
        .key("examples");
    examples_by_kind(w, s.examples, [](size_t k) { return kSocketExampleNames[k]; });
    w.end_object();
}

void discipline_sample(json::Writer& w, const DisciplineSample& s) {
    w.begin_object()
        .key("t").number(s.t)
        .key("offset_s").number(s.offset)
        .key("freq_ppm").number(s.freq)
        .key("status").number(s.status)
        .key("status_names").string(kabi::status_string(s.status))
        .end_object();
}

void clock(json::Writer& w, const ClockModel& c) {
    w.begin_object()
        .key("calls").number(c.calls)
        .key("failed").number(c.failed)
        .key("other_clocks").number(c.other_clocks)
        .key("calls_by_modes");
    tallies(w, c.calls_by_modes, [](uint32_t modes) { return kabi::adj_modes_string(modes); });
    w.key("states").begin_object();
    for (size_t i = 0; i < c.states.size(); ++i)
        w.key(clock_state_name(static_cast<ClockState>(i))).number(c.states[i]);
    w.end_object().key("status_bits").begin_object();
    for (size_t i = 0; i < c.status_bits.size(); ++i)
        if (c.status_bits[i]) w.key(kabi::status_bit_name(static_cast<int>(i))).number(c.status_bits[i]);
    w.end_object().key("last");
    if (c.last) discipline_sample(w, *c.last);
    else w.null();
    w.key("offsets_s");
    stats(w, c.offsets);
    w.key("freqs_ppm");
    stats(w, c.freqs);
    w.key("call_intervals");
    intervals(w, c.call_intervals);
    w.key("series").begin_array();
    for (const DisciplineSample& s : c.series.points()) discipline_sample(w, s);
    w.end_array().key("status_changes").begin_object().key("total").number(c.status_changes.total()).key("changes").begin_array();
    for (const StatusChange& s : c.status_changes.items())
        w.begin_object().key("t").number(s.t).key("status").number(s.status).key("status_names").string(kabi::status_string(s.status)).end_object();
    w.end_array().end_object().key("steps").number(c.steps).key("step_log").begin_array();
    for (const ClockStep& s : c.step_log.items()) {
        w.begin_object().key("t").number(s.t).key("syscall").string(syscall_name(s.syscall)).key("amount_s");
        number_or_null(w, s.amount);
        w.key("target_t");
        number_or_null(w, s.target);
        w.key("failed").boolean(s.failed).end_object();
    }
    w.end_array().key("writers").begin_array();
    for (const ClockWriter& p : c.writers)
        w.begin_object()
            .key("pid").number(p.pid)
            .key("comm").string(p.comm)
            .key("daemon").boolean(p.daemon)
            .key("calls").number(p.calls)
            .key("adjusts").number(p.adjusts)
            .key("steps").number(p.steps)
            .key("stepped").number(p.stepped)
            .key("failed").number(p.failed)
            .key("modes").number(p.modes)
            .key("errnos").string(p.errno_names())
            .key("first_t").number(p.first_t)
            .key("last_t").number(p.last_t)
            .end_object();
    w.end_array().key("untracked_writer_calls").number(c.untracked_writer_calls).end_object();
}

void trace(json::Writer& w, const TraceMeta& m) {
    w.begin_object()
        .key("source").string(m.source)
        .key("tool").string(m.tool)
        .key("host").string(m.host)
        .key("kernel").string(m.kernel)
        .key("host_ip");
    if (m.host_ip) w.string(m.host_ip->ip_string());
    else w.null();
    w.key("date_from");
    if (!m.date_from.empty()) w.string(m.date_from);
    else w.null();
    w.key("targets").begin_array();
    for (const TargetInfo& t : m.targets)
        w.begin_object()
            .key("pid").number(t.pid)
            .key("comm").string(t.comm)
            .key("exe").string(t.exe)
            .key("cmdline").string(t.cmdline)
            .key("config").string(t.config)
            .end_object();
    w.end_array()
        .key("start_t").number(m.start)
        .key("end_t").number(m.end)
        .key("duration_s").number(m.duration)
        .key("events").number(m.events)
        .key("events_by_syscall").begin_object();
    for (size_t i = 0; i < m.events_by_syscall.size(); ++i)
        if (m.events_by_syscall[i]) w.key(syscall_name(static_cast<Syscall>(i))).number(m.events_by_syscall[i]);
    w.end_object()
        .key("footer").boolean(m.footer)
        .key("footer_events").number(m.footer_events)
        .key("lost").number(m.lost)
        .key("omitted").number(m.omitted)
        .key("truncated_payloads").number(m.truncated_payloads)
        .key("untracked_peer_packets").number(m.untracked_peer_packets)
        .key("processes").begin_array();
    for (const ProcessEvent& p : m.processes.items())
        w.begin_object().key("t").number(p.t).key("event").string(syscall_name(p.syscall)).key("pid").number(p.pid).key("comm").string(p.comm).end_object();
    w.end_array().key("warnings").begin_object().key("total").number(m.warnings.total()).key("messages").begin_array();
    for (const std::string& s : m.warnings.items()) w.string(s);
    w.end_array().end_object().end_object();
}

}  // namespace

std::string summary_json(const HostModel& model) {
    std::string out;
    json::Writer w(out);
    w.begin_object().key("schema").string(kSchema).key("trace");
    trace(w, model.meta);
    w.key("peers").begin_array();
    for (const PeerModel& p : model.peers) peer(w, p);
    w.end_array().key("sockets").begin_array();
    for (const SocketModel& s : model.sockets) socket(w, s);
    w.end_array().key("clock");
    clock(w, model.clock);
    w.key("notes").begin_array();
    for (const Note& n : model.notes)
        w.begin_object().key("code").string(note_code_name(n.code)).key("text").string(n.text).end_object();
    w.end_array().end_object();
    out += '\n';
    return out;
}

}  // namespace ntpscope::report
