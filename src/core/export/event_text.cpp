#include "core/export/event_text.hpp"

#include <iterator>

#include <fmt/format.h>

#include "core/kabi/linux_names.hpp"
#include "core/model/errno_names.hpp"
#include "core/trace/trace_text.hpp"

namespace ntpscope::pcapng {

namespace {

using kabi::Table;
using Out = std::back_insert_iterator<std::string>;

constexpr int64_t kSecond = 1'000'000'000;

void seconds(Out out, std::string_view key, int64_t ns) {
    const char* sign = ns < 0 ? "-" : "";
    int64_t magnitude = ns < 0 ? -ns : ns;
    fmt::format_to(out, " {}={}{}.{:09}", key, sign, magnitude / kSecond, magnitude % kSecond);
}

void named(Out out, std::string_view key, Table table, int64_t value) {
    std::string_view name = kabi::name_of(table, value);
    if (name.empty()) fmt::format_to(out, " {}={}", key, value);
    else fmt::format_to(out, " {}={}", key, name);
}

void socket_text(Out out, const SockInfo& sock) {
    trace::TextBuffer family, type;
    fmt::format_to(out, " sock={}/{}", trace::family_text(sock.family, family),
                   trace::socktype_text(sock.type, type));
    if (sock.local.present()) fmt::format_to(out, " local={}", sock.local.to_string());
    if (sock.remote.present()) fmt::format_to(out, " remote={}", sock.remote.to_string());
    if (sock.id) fmt::format_to(out, " inode={}", sock.id);
}

void timex_text(Out out, const Timex& tx) {
    fmt::format_to(out, " modes={} offset={} freq={} ({:.3f} ppm) maxerror={} esterror={} status={} constant={}",
                   kabi::flags_text(Table::adj_mode, tx.modes), tx.offset, tx.freq,
                   static_cast<double>(tx.freq) / 65536.0, tx.maxerror, tx.esterror,
                   kabi::flags_text(Table::sta_status, static_cast<uint32_t>(tx.status)), tx.constant);
    fmt::format_to(out, " precision={} tolerance={} tick={} tai={} time={}.{}", tx.precision, tx.tolerance, tx.tick,
                   tx.tai, tx.time_sec, tx.time_usec);
}

}  // namespace

std::string describe_event(const Event& e) {
    std::string text;
    Out out(text);
    fmt::format_to(out, "{}", syscall_name(e.syscall));
    if (e.fd >= 0) fmt::format_to(out, " fd={}", e.fd);
    fmt::format_to(out, " ret={}", e.ret);
    if (e.syscall == Syscall::adjtimex || e.syscall == Syscall::clock_adjtime) {
        std::string_view state = kabi::name_of(Table::time_state, e.ret);
        if (e.err == 0 && !state.empty()) fmt::format_to(out, " ({})", state);
    }
    if (e.err) fmt::format_to(out, " errno={}", errno_name(e.err));
    fmt::format_to(out, " pid={} tid={}", e.pid, e.tid);
    if (!e.comm.empty()) fmt::format_to(out, " comm={}", e.comm);
    if (e.sock) socket_text(out, *e.sock);
    if (e.addr) fmt::format_to(out, " addr={}", e.addr->to_string());
    if (e.dst) fmt::format_to(out, " dst={}", e.dst->ip_string());
    if (e.flags) fmt::format_to(out, " flags={}", kabi::flags_text(Table::msg_flags, e.flags));
    if (is_datagram(e.syscall) && e.err == 0) {
        fmt::format_to(out, " len={}", e.len);
        if (e.truncated()) fmt::format_to(out, " captured={}", e.data.size());
    }
    if (e.rx_time) seconds(out, "rx_time", *e.rx_time);
    if (is_batch(e.syscall)) fmt::format_to(out, " msg={}", e.msg_index);
    if (e.omitted) fmt::format_to(out, " omitted={}", e.omitted);
    if (e.clock) named(out, "clock", Table::clock_id, *e.clock);
    if (e.set_time) seconds(out, "set_time", *e.set_time);
    if (e.timex) timex_text(out, *e.timex);
    if (e.opt) {
        named(out, "level", Table::sockopt_level, e.opt->level);
        std::string_view name = kabi::sockopt_name_of(e.opt->level, e.opt->name);
        if (name.empty()) fmt::format_to(out, " name={}", e.opt->name);
        else fmt::format_to(out, " name={}", name);
        if (e.opt->value) fmt::format_to(out, " value={}", *e.opt->value);
        if (e.opt->group) fmt::format_to(out, " group={}", e.opt->group->ip_string());
        if (e.opt->iface) fmt::format_to(out, " iface={}", e.opt->iface->ip_string());
    }
    return text;
}

}  // namespace ntpscope::pcapng
