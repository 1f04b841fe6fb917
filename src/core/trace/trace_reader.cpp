#include "core/trace/trace_reader.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <type_traits>
#include <variant>
#include <vector>

#include <fmt/format.h>

#include "core/model/errno_names.hpp"
#include "core/model/error.hpp"
#include "core/trace/event_fast_path.hpp"
#include "core/trace/json_lines.hpp"
#include "core/trace/trace_text.hpp"

namespace ntpscope::trace {

namespace {

constexpr size_t kHeadBytes = 256;

bool is_json_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

std::string_view skip_space(std::string_view text) {
    while (!text.empty() && is_json_space(text.front())) text.remove_prefix(1);
    return text;
}

// True when `text` starts (after white space) with the JSON token `token`, which it consumes.
bool consume(std::string_view& text, std::string_view token) {
    text = skip_space(text);
    if (!text.starts_with(token)) return false;
    text.remove_prefix(token.size());
    return true;
}

// True when the line is a JSON object whose first key is `key`: how the reader tells the footer
// and a stray second header from events without parsing twice.
bool first_key_is(std::string_view line, std::string_view quoted_key) {
    return consume(line, "{") && consume(line, quoted_key) && consume(line, ":");
}

bool is_blank(std::string_view line) { return skip_space(line).empty(); }

// Clears an event for the next line but keeps the capacity of its string and byte buffer.
void reset(Event& event) {
    std::string comm = std::move(event.comm);
    std::vector<uint8_t> data = std::move(event.data);
    event = Event{};
    comm.clear();
    data.clear();
    event.comm = std::move(comm);
    event.data = std::move(data);
}

// What an event line has shown so far of the fields checked once the whole line is read.
struct EventFieldsSeen {
    bool t = false;
    bool syscall = false;
    int socks = 0;
};

// Parses one trace file line by line with one reused simdjson parser and one reused Event: the
// parser of record, which decides what every line means and whether it is accepted.
class TraceParser : JsonLines {
public:
    TraceParser(const std::string& path, EventSink& sink, EventLineParsing parsing)
        : JsonLines(path), sink_(sink), fast_(parsing == EventLineParsing::scanner_first) {}

    void run() {
        read_header();
        bool truncated = false;
        std::optional<TraceFooter> footer;
        while (auto line = lines_.next()) {
            if (is_blank(*line)) continue;
            if (!lines_.terminated() && !is_valid_json(*line)) {
                sink_.on_warning(where() + "truncated last line ignored (recording was cut short)");
                truncated = true;
                break;
            }
            if (first_key_is(*line, "\"format\""))
                fail("a second trace header (were two traces joined into one file?)");
            if (footer) fail("unexpected line after the footer");
            if (first_key_is(*line, "\"end\"")) {
                footer = read_footer(*line);
                footer_line_ = lines_.line_number();
            } else {
                read_event(*line);
                sink_.on_event(event_);
                ++events_read_;
            }
        }
        if (footer) {
            check_footer(*footer);
            sink_.on_footer(*footer);
        } else if (!truncated) {
            sink_.on_warning(where() + "no footer: the recording was cut short");
        }
    }

private:
    void read_header() {
        // The head is checked before the first line is split off: binary garbage has no newline
        // to stop at.
        constexpr std::string_view not_header = "the first line does not start with {\"format\":\"ntpscope-trace\"";
        std::string_view head = lines_.head(kHeadBytes);
        if (head.empty()) fail_first_line("the file is empty");
        if (!looks_like_trace(head)) fail_first_line(not_header);
        std::string_view line = *lines_.next();
        if (!looks_like_trace(line)) fail_first_line(not_header);
        if (!lines_.terminated() && !is_valid_json(line))
            fail("truncated trace header (the recording was cut short before any event)");

        TraceHeader header;
        dom::object object = parse_object(line);
        // Checked before any other field: a newer version may have changed any of them.
        dom::element version;
        if (object.at_key("version").get(version)) fail("missing \"version\"");
        header.version = get_int<int>(version, "version");
        if (header.version > kFormatVersion)
            fail(fmt::format("trace format version {} is newer than this ntpscope reads ({}); use a newer ntpscope",
                             header.version, kFormatVersion));
        if (header.version < 1) fail(fmt::format("bad \"version\": {}", header.version));

        for_each_field(object, [&](std::string_view key, dom::element value) {
            if (key == "source") {
                header.source = get_string(value, key);
            } else if (key == "attach") {
                header.attach = get_string(value, key);
                if (header.attach != "socket" && header.attach != "syscall")
                    fail("bad \"attach\" (not \"socket\" or \"syscall\")");
            } else if (key == "tool") {
                header.tool = get_string(value, key);
            } else if (key == "host") {
                header.host = get_string(value, key);
            } else if (key == "kernel") {
                header.kernel = get_string(value, key);
            } else if (key == "boot_id") {
                header.boot_id = get_string(value, key);
            } else if (key == "start") {
                header.start = get_int<int64_t>(value, key);
            } else if (key == "start_mono") {
                header.start_mono = get_int<int64_t>(value, key);
            } else if (key == "snaplen") {
                header.snaplen = get_int<uint32_t>(value, key);
            } else if (key == "host_ip") {
                header.host_ip = get_ip(value, key);
            } else if (key == "date_from") {
                header.date_from = get_string(value, key);
            } else if (key == "targets") {
                for_each_element(value, key, [&](dom::element element) {
                    read_target(element, header.targets.emplace_back());
                });
            } else if (key == "sockets") {
                for_each_element(value, key, [&](dom::element element) {
                    read_socket_entry(element, header.sockets.emplace_back());
                });
            }
        });
        // Format 1 had only the syscall path.
        if (header.version == 1 && header.source == "ebpf" && header.attach.empty()) header.attach = "syscall";
        sink_.on_header(header);
    }

    [[noreturn]] void fail_first_line(std::string_view why) const {
        throw InputError(fmt::format("{}:1: not an ntpscope trace ({})", path_, why));
    }

    void read_target(dom::element value, TargetInfo& target) {
        for_each_field(get_object(value, "targets"), [&](std::string_view key, dom::element field) {
            if (key == "pid") target.pid = get_int<uint32_t>(field, "targets.pid");
            else if (key == "comm") target.comm = get_string(field, "targets.comm");
            else if (key == "exe") target.exe = get_string(field, "targets.exe");
            else if (key == "cmdline") target.cmdline = get_string(field, "targets.cmdline");
            else if (key == "netns") target.netns = get_int<uint64_t>(field, "targets.netns");
            else if (key == "config") target.config = get_string(field, "targets.config");
        });
    }

    void read_socket_entry(dom::element value, SocketEntry& entry) {
        for_each_field(get_object(value, "sockets"), [&](std::string_view key, dom::element field) {
            if (key == "pid") entry.pid = get_int<uint32_t>(field, "sockets.pid");
            else if (key == "fd") entry.fd = get_int<int32_t>(field, "sockets.fd");
            else if (key == "sock") read_sock(field, "sockets.sock", entry.sock);
        });
    }

    // `name` is the object's place in the line ("sock", "sockets.sock") for error messages.
    template <typename Value>
    void read_sock(const Value& value, std::string_view name, SockInfo& sock) {
        for_each_field(get_object(value, name), [&](std::string_view key, dom::element field) {
            if (key == "family") {
                std::string_view text = get_string(field, FieldName(name, key));
                auto family = parse_family(text);
                if (!family) fail(fmt::format("unknown socket family {}", quote_value(text)));
                sock.family = *family;
            } else if (key == "type") {
                std::string_view text = get_string(field, FieldName(name, key));
                auto type = parse_socktype(text);
                if (!type) fail(fmt::format("unknown socket type {}", quote_value(text)));
                sock.type = *type;
            } else if (key == "local") {
                sock.local = get_endpoint(field, FieldName(name, key));
            } else if (key == "remote") {
                sock.remote = get_endpoint(field, FieldName(name, key));
            } else if (key == "id") {
                sock.id = get_int<uint64_t>(field, FieldName(name, key));
            }
        });
    }

    template <typename Value>
    void read_timex(const Value& value, Timex& timex) {
        for_each_field(get_object(value, "timex"), [&](std::string_view key, dom::element field) {
            for (const TimexField& known : kTimexFields) {
                if (known.name != key) continue;
                std::visit(
                    [&](auto member) {
                        using T = std::remove_reference_t<decltype(timex.*member)>;
                        timex.*member = get_int<T>(field, FieldName("timex", key));
                    },
                    known.member);
                return;
            }
        });
    }

    template <typename Value>
    void read_opt(const Value& value, SockOpt& opt) {
        for_each_field(get_object(value, "opt"), [&](std::string_view key, dom::element field) {
            if (key == "level") opt.level = get_int<int32_t>(field, "opt.level");
            else if (key == "name") opt.name = get_int<int32_t>(field, "opt.name");
            else if (key == "group") opt.group = get_ip(field, "opt.group");
            else if (key == "iface") opt.iface = get_ip(field, "opt.iface");
            else if (key == "value") opt.value = get_int<int64_t>(field, "opt.value");
        });
    }

    // errno_name's inverse is a linear search; traces repeat a few names (EAGAIN) endlessly.
    int32_t parse_errno_cached(std::string_view name) {
        if (name != errno_cache_name_) {
            auto value = parse_errno(name);
            if (!value) fail(fmt::format("unknown errno {}", quote_value(name)));
            errno_cache_name_ = name;
            errno_cache_value_ = *value;
        }
        return errno_cache_value_;
    }

    // Lines the fast path takes are read from its scan; any other line, valid or not, goes to
    // simdjson.
    void read_event(std::string_view line) {
        reset(event_);
        EventFieldsSeen seen;
        const EventLine prepared = fast_.prepare(line);
        if (prepared.scanned) {
            for (const ScannedField& field : prepared.fields)
                read_event_field(field.key, field.value, prepared.cached, seen);
        } else {
            for_each_field(parse_object(prepared.text), [&](std::string_view key, dom::element value) {
                read_event_field(key, value, prepared.cached, seen);
            });
        }
        if (!seen.t) fail("missing \"t\"");
        if (!seen.syscall) fail("missing \"syscall\"");
        if (seen.socks == 1) fast_.learn_sock(line, prepared, *event_.sock);
    }

    template <typename Value>
    void read_event_field(std::string_view key, const Value& value, const SockCache::Entry* cached, EventFieldsSeen& seen) {
        Event& ev = event_;
        if (key == "t") {
            ev.t = get_int<int64_t>(value, key);
            seen.t = true;
        } else if (key == "mono") {
            ev.mono = get_int<int64_t>(value, key);
        } else if (key == "pid") {
            ev.pid = get_int<uint32_t>(value, key);
        } else if (key == "tid") {
            ev.tid = get_int<uint32_t>(value, key);
        } else if (key == "comm") {
            ev.comm = get_string(value, key);
        } else if (key == "syscall") {
            std::string_view name = get_string(value, key);
            auto syscall = parse_syscall(name);
            if (!syscall) fail(fmt::format("unknown syscall {}", quote_value(name)));
            ev.syscall = *syscall;
            seen.syscall = true;
        } else if (key == "fd") {
            ev.fd = get_int<int32_t>(value, key);
        } else if (key == "ret") {
            ev.ret = get_int<int64_t>(value, key);
        } else if (key == "errno") {
            ev.err = parse_errno_cached(get_string(value, key));
        } else if (key == "sock") {
            if (cached && is_cached_sock(value, seen.socks))
                ev.sock = cached->sock;
            else
                read_sock(value, key, ev.sock.emplace());
            ++seen.socks;
        } else if (key == "addr") {
            ev.addr = get_endpoint(value, key);
        } else if (key == "dst") {
            ev.dst = get_ip(value, key);
        } else if (key == "flags") {
            ev.flags = get_int<uint32_t>(value, key);
        } else if (key == "len") {
            ev.len = get_int<uint32_t>(value, key);
        } else if (key == "data") {
            if (!decode_hex(get_string(value, key), ev.data)) fail("bad hex in \"data\"");
        } else if (key == "rx_time") {
            ev.rx_time = get_int<int64_t>(value, key);
        } else if (key == "msg") {
            ev.msg_index = get_int<uint32_t>(value, key);
        } else if (key == "omitted") {
            ev.omitted = get_int<uint32_t>(value, key);
        } else if (key == "via") {
            const std::string_view via = get_string(value, key);
            if (via == "libc") ev.via = Via::libc;
            else if (via == "socket-state") ev.via = Via::socket_state;
            else fail("\"via\" is not \"libc\" or \"socket-state\"");
        } else if (key == "clock") {
            ev.clock = get_int<int32_t>(value, key);
        } else if (key == "timex") {
            read_timex(value, ev.timex.emplace());
        } else if (key == "set_time") {
            ev.set_time = get_int<int64_t>(value, key);
        } else if (key == "opt") {
            read_opt(value, ev.opt.emplace());
        }
    }

    TraceFooter read_footer(std::string_view line) {
        TraceFooter footer;
        for_each_field(parse_object(line), [&](std::string_view key, dom::element value) {
            if (key == "end") footer.end = get_int<int64_t>(value, key);
            else if (key == "events") footer.events = get_int<uint64_t>(value, key);
            else if (key == "lost") footer.lost = get_int<uint64_t>(value, key);
        });
        return footer;
    }

    // The footer is where silent loss would hide: say so when events are missing.
    void check_footer(const TraceFooter& footer) {
        if (footer.lost != 0)
            sink_.on_warning(where(footer_line_) + fmt::format("the recorder lost {} events (its ring buffer was full); "
                                                   "results may miss packets or calls",
                                                   footer.lost));
        if (footer.events != events_read_)
            sink_.on_warning(where(footer_line_) + fmt::format("the footer counts {} events but the file holds {}",
                                                   footer.events, events_read_));
    }

    EventSink& sink_;
    Event event_;
    EventFastPath fast_;
    uint64_t events_read_ = 0;
    uint64_t footer_line_ = 0;
    std::string errno_cache_name_;
    int32_t errno_cache_value_ = 0;
};

}  // namespace

bool looks_like_trace(std::string_view prefix) {
    return consume(prefix, "{") && consume(prefix, "\"format\"") && consume(prefix, ":") &&
           consume(prefix, "\"ntpscope-trace\"");
}

void read_trace(const std::string& path, EventSink& sink, EventLineParsing parsing) {
    TraceParser(path, sink, parsing).run();
}

}  // namespace ntpscope::trace
