#include "core/trace/trace_writer.hpp"

#include <cerrno>
#include <system_error>
#include <variant>

#include "core/json/json_writer.hpp"
#include "core/model/errno_names.hpp"
#include "core/trace/trace_text.hpp"

namespace ntpscope::trace {

namespace {

// Large enough that a write(2) per chunk costs nothing next to formatting, small enough that a
// killed recorder loses little.
constexpr size_t kFlushThreshold = size_t{1} << 20;
constexpr size_t kLongestLine = size_t{128} << 10;  // a header or an event with a 64 KiB payload

// Addresses, family and type names, syscall and errno names are spelled by trace_text and
// errno_names in plain ASCII that JSON needs no escape for: written with raw_string.
void write_endpoint(json::BufferWriter& w, std::string_view key, const SockAddr& addr) {
    TextBuffer buf;
    std::string_view text = endpoint_text(addr, buf);
    if (!text.empty()) w.raw_key(key).raw_string(text);
}

void write_ip(json::BufferWriter& w, std::string_view key, const std::optional<SockAddr>& addr) {
    if (!addr) return;
    TextBuffer buf;
    std::string_view text = ip_text(*addr, buf);
    if (!text.empty()) w.raw_key(key).raw_string(text);
}

void write_sock_object(json::BufferWriter& w, const SockInfo& sock) {
    TextBuffer buf;
    w.begin_object();
    w.raw_key("family").raw_string(family_text(sock.family, buf));
    w.raw_key("type").raw_string(socktype_text(sock.type, buf));
    write_endpoint(w, "local", sock.local);
    write_endpoint(w, "remote", sock.remote);
    if (sock.id != 0) w.raw_key("id").number(sock.id);
    w.end_object();
}

void write_timex(json::BufferWriter& w, const Timex& tx) {
    w.begin_object();
    for (const TimexField& field : kTimexFields)
        std::visit([&](auto member) { w.raw_key(field.name).number(tx.*member); }, field.member);
    w.end_object();
}

void write_opt(json::BufferWriter& w, const SockOpt& opt) {
    w.begin_object();
    w.raw_key("level").number(opt.level);
    w.raw_key("name").number(opt.name);
    write_ip(w, "group", opt.group);
    write_ip(w, "iface", opt.iface);
    if (opt.value) w.raw_key("value").number(*opt.value);
    w.end_object();
}

}  // namespace

TraceWriter::TraceWriter(std::FILE* out) : out_(out), buf_(kFlushThreshold + kLongestLine) {}

TraceWriter::~TraceWriter() {
    try {
        flush();
    } catch (const std::system_error&) {
        // Nothing to report to from a destructor; callers that care call flush() first.
    }
}

void TraceWriter::write_header(const TraceHeader& header) {
    json::BufferWriter w(buf_);
    w.begin_object();
    w.raw_key("format").string(kFormatName);
    w.raw_key("version").number(kFormatVersion);
    w.raw_key("source").string(header.source);
    if (!header.attach.empty()) w.raw_key("attach").string(header.attach);
    w.raw_key("tool").string(header.tool);
    w.raw_key("host").string(header.host);
    w.raw_key("kernel").string(header.kernel);
    w.raw_key("boot_id").string(header.boot_id);
    w.raw_key("start").number(header.start);
    w.raw_key("start_mono").number(header.start_mono);
    w.raw_key("snaplen").number(header.snaplen);
    write_ip(w, "host_ip", header.host_ip);
    if (!header.date_from.empty()) w.raw_key("date_from").string(header.date_from);
    w.raw_key("targets").begin_array();
    for (const TargetInfo& target : header.targets) {
        w.begin_object();
        w.raw_key("pid").number(target.pid);
        w.raw_key("comm").string(target.comm);
        w.raw_key("exe").string(target.exe);
        w.raw_key("cmdline").string(target.cmdline);
        w.raw_key("netns").number(target.netns);
        if (!target.config.empty()) w.raw_key("config").string(target.config);
        w.end_object();
    }
    w.end_array();
    w.raw_key("sockets").begin_array();
    for (const SocketEntry& entry : header.sockets) {
        w.begin_object();
        w.raw_key("pid").number(entry.pid);
        w.raw_key("fd").number(entry.fd);
        w.raw_key("sock");
        write_sock_object(w, entry.sock);
        w.end_object();
    }
    w.end_array();
    w.end_object();
    buf_.push_back('\n');
}

void TraceWriter::write_sock(json::BufferWriter& w, const SockInfo& sock) {
    FormattedSock& slot = socks_[sock.id % socks_.size()];
    if (!slot.text.empty() && slot.sock == sock) {
        w.raw(slot.text);
        return;
    }
    const size_t start = buf_.size();
    write_sock_object(w, sock);
    slot.sock = sock;
    slot.text.assign(buf_.data() + start, buf_.size() - start);
}

void TraceWriter::write_event(const Event& ev) {
    json::BufferWriter w(buf_);
    w.begin_object();
    w.raw_key("t").number(ev.t);
    w.raw_key("mono").number(ev.mono);
    w.raw_key("pid").number(ev.pid);
    w.raw_key("tid").number(ev.tid);
    w.raw_key("comm").string(ev.comm);
    w.raw_key("syscall").raw_string(syscall_name(ev.syscall));
    w.raw_key("fd").number(ev.fd);
    w.raw_key("ret").number(ev.ret);
    if (ev.err != 0) w.raw_key("errno").raw_string(errno_name(ev.err));
    if (ev.sock) {
        w.raw_key("sock");
        write_sock(w, *ev.sock);
    }
    if (ev.addr) write_endpoint(w, "addr", *ev.addr);
    write_ip(w, "dst", ev.dst);
    if (ev.flags != 0) w.raw_key("flags").number(ev.flags);
    if (ev.len != 0) w.raw_key("len").number(ev.len);
    if (!ev.data.empty()) w.raw_key("data").hex(ev.data);
    if (ev.rx_time) w.raw_key("rx_time").number(*ev.rx_time);
    if (is_batch(ev.syscall) || ev.msg_index != 0) w.raw_key("msg").number(ev.msg_index);
    if (ev.omitted != 0) w.raw_key("omitted").number(ev.omitted);
    if (ev.via != Via::call) w.raw_key("via").string(ev.via == Via::libc ? "libc" : "socket-state");
    if (ev.clock) w.raw_key("clock").number(*ev.clock);
    if (ev.timex) {
        w.raw_key("timex");
        write_timex(w, *ev.timex);
    }
    if (ev.set_time) w.raw_key("set_time").number(*ev.set_time);
    if (ev.opt) {
        w.raw_key("opt");
        write_opt(w, *ev.opt);
    }
    w.end_object();
    buf_.push_back('\n');
    ++events_;
    if (buf_.size() >= kFlushThreshold) write_buffer();
}

void TraceWriter::write_footer(const TraceFooter& footer) {
    json::BufferWriter w(buf_);
    w.begin_object();
    w.raw_key("end").number(footer.end);
    w.raw_key("events").number(footer.events);
    w.raw_key("lost").number(footer.lost);
    w.end_object();
    buf_.push_back('\n');
}

void TraceWriter::write_buffer() {
    if (buf_.empty()) return;
    const size_t written = std::fwrite(buf_.data(), 1, buf_.size(), out_);
    const bool complete = written == buf_.size();
    // A partly written buffer cannot be retried without duplicating lines: the trace is cut
    // here either way, and the reader reports the cut.
    buf_.clear();
    if (!complete) throw std::system_error(errno, std::generic_category(), "writing the trace");
}

void TraceWriter::flush() {
    write_buffer();
    if (std::fflush(out_) != 0)
        throw std::system_error(errno, std::generic_category(), "writing the trace");
}

}  // namespace ntpscope::trace
