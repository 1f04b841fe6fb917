#include "core/trace/trace_reader.hpp"

#include <array>
#include <cstring>
#include <limits>
#include <memory>
#include <type_traits>
#include <vector>

#include <fmt/format.h>
#include <simdjson.h>

#include "core/json/json_writer.hpp"
#include "core/model/errno_names.hpp"
#include "core/model/error.hpp"
#include "core/trace/flat_line.hpp"
#include "core/trace/line_reader.hpp"
#include "core/trace/trace_text.hpp"

namespace ntpscope {

namespace dom = simdjson::dom;
using trace_text::ScannedValue;

static_assert(LineReader::kPadding >= simdjson::SIMDJSON_PADDING);

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

// A value in an error message: quoted and escaped like JSON, and cut short, so the message stays
// one readable line.
std::string quote_value(std::string_view text) {
    constexpr size_t kMax = 40;
    std::string quoted;
    json::append_string(quoted, text.substr(0, kMax));
    if (text.size() > kMax) quoted.insert(quoted.size() - 1, "...");
    return quoted;
}

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

// Where the line's own "sock" object starts, found without parsing: the first '{' after the
// line's opening one, when `,"sock":` comes right before it. No other object opens before it,
// so in valid JSON it is the value of a top-level "sock" key; npos otherwise.
size_t find_sock_object(std::string_view line) {
    constexpr std::string_view key = ",\"sock\":";
    const size_t open = line.find('{');
    if (open == std::string_view::npos) return std::string_view::npos;
    const auto* brace = static_cast<const char*>(std::memchr(line.data() + open + 1, '{', line.size() - open - 1));
    if (!brace) return std::string_view::npos;
    const auto at = static_cast<size_t>(brace - line.data());
    if (at < open + 1 + key.size() || line.substr(at - key.size(), key.size()) != key) return std::string_view::npos;
    return at;
}

// The length of the JSON object starting at `text`'s first byte; `text` must be valid JSON.
size_t object_length(std::string_view text) {
    int depth = 0;
    bool in_string = false;
    for (size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (in_string) {
            if (c == '\\') ++i;
            else if (c == '"') in_string = false;
        } else if (c == '"') {
            in_string = true;
        } else if (c == '{' || c == '[') {
            ++depth;
        } else if ((c == '}' || c == ']') && --depth == 0) {
            return i + 1;
        }
    }
    return text.size();
}

// The `sock` object repeats byte for byte on every event of a socket: each distinct one is
// parsed once. A few entries suffice: a daemon reads and writes through a handful of sockets.
class SockCache {
public:
    struct Entry {
        std::string bytes;  // the object as it appears in the line
        SockInfo sock;
    };

    // The entry whose bytes start `text`, or nullptr.
    const Entry* find(std::string_view text) const {
        for (const Entry& entry : entries_)
            if (text.starts_with(entry.bytes)) return &entry;
        return nullptr;
    }

    void add(std::string_view bytes, const SockInfo& sock) {
        if (entries_.size() < kEntries) {
            entries_.push_back({std::string(bytes), sock});
        } else {
            entries_[next_] = {std::string(bytes), sock};
            next_ = (next_ + 1) % kEntries;
        }
    }

private:
    static constexpr size_t kEntries = 8;
    std::vector<Entry> entries_;
    size_t next_ = 0;
};

// A copy of a line with its cached "sock" object replaced by a 0, padded for simdjson. The
// object is valid JSON on its own, so the copy is valid JSON exactly when the line is, and
// parses to the same fields but that one.
class SocklessLine {
public:
    std::string_view make(std::string_view line, size_t sock_at, size_t sock_length) {
        const size_t size = line.size() - sock_length + 1;
        if (size + simdjson::SIMDJSON_PADDING > capacity_) {
            capacity_ = 2 * (size + simdjson::SIMDJSON_PADDING);
            buf_ = std::make_unique_for_overwrite<char[]>(capacity_);
        }
        char* out = buf_.get();
        std::memcpy(out, line.data(), sock_at);
        out[sock_at] = '0';
        std::memcpy(out + sock_at + 1, line.data() + sock_at + sock_length, line.size() - sock_at - sock_length);
        return {out, size};
    }

private:
    std::unique_ptr<char[]> buf_;
    size_t capacity_ = 0;
};

// What a field holds, read the same way from simdjson's DOM and from a FlatLine scan, so that one
// set of field handlers serves both and names the same errors.
simdjson::error_code number_of(dom::element value, int64_t& number) { return value.get_int64().get(number); }
simdjson::error_code number_of(dom::element value, uint64_t& number) { return value.get_uint64().get(number); }
simdjson::error_code text_of(dom::element value, std::string_view& text) { return value.get_string().get(text); }
simdjson::error_code object_of(dom::element value, dom::object& object) { return value.get_object().get(object); }

simdjson::error_code number_of(const ScannedValue& value, int64_t& number) {
    if (value.kind != ScannedValue::Kind::integer) return simdjson::INCORRECT_TYPE;
    if (!value.negative && value.magnitude > uint64_t{std::numeric_limits<int64_t>::max()})
        return simdjson::NUMBER_OUT_OF_RANGE;
    number = value.negative ? static_cast<int64_t>(0 - value.magnitude) : static_cast<int64_t>(value.magnitude);
    return simdjson::SUCCESS;
}
simdjson::error_code number_of(const ScannedValue& value, uint64_t& number) {
    if (value.kind != ScannedValue::Kind::integer) return simdjson::INCORRECT_TYPE;
    if (value.negative) return simdjson::NUMBER_OUT_OF_RANGE;
    number = value.magnitude;
    return simdjson::SUCCESS;
}
simdjson::error_code text_of(const ScannedValue& value, std::string_view& text) {
    if (value.kind != ScannedValue::Kind::string) return simdjson::INCORRECT_TYPE;
    text = value.text;
    return simdjson::SUCCESS;
}
// A scan holds no object but the known "sock", which never gets here.
simdjson::error_code object_of(const ScannedValue&, dom::object&) { return simdjson::INCORRECT_TYPE; }

// The "sock" that stands for the cached object: in the DOM of a SocklessLine, the 0 in the first
// "sock" (an earlier "sock" that is not an object fails the line anyway); in a scan, the known
// object.
bool is_cached_sock(dom::element value, int socks_before) {
    int64_t zero = 1;
    return socks_before == 0 && value.get_int64().get(zero) == simdjson::SUCCESS && zero == 0;
}
bool is_cached_sock(const ScannedValue& value, int) { return value.kind == ScannedValue::Kind::known_object; }

// What an event line has shown so far of the fields checked once the whole line is read.
struct EventFieldsSeen {
    bool t = false;
    bool syscall = false;
    int socks = 0;
};

// A field's place in a line ("sock.local"), spelled out only when an error names it: building
// the text for every field read would cost more than reading it.
struct FieldName {
    FieldName(const char* name) : key(name) {}
    FieldName(std::string_view name) : key(name) {}
    FieldName(std::string_view parent_name, std::string_view name) : parent(parent_name), key(name) {}
    std::string text() const { return parent.empty() ? std::string(key) : fmt::format("{}.{}", parent, key); }

    std::string_view parent;
    std::string_view key;
};

// Parses one trace file line by line with one reused simdjson parser and one reused Event.
class TraceParser {
public:
    TraceParser(const std::string& path, EventSink& sink, EventLineParsing parsing)
        : path_(path), sink_(sink), lines_(path), scan_lines_(parsing == EventLineParsing::scanner_first) {}

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
    // "FILE:LINE: " for the line read last, or for `line`.
    std::string where() const { return where(lines_.line_number()); }
    std::string where(uint64_t line) const { return fmt::format("{}:{}: ", path_, line); }

    [[noreturn]] void fail(std::string_view what) const { throw InputError(where() + std::string(what)); }

    [[noreturn]] void fail_json(simdjson::error_code error) const {
        fail(fmt::format("invalid JSON ({})", simdjson::error_message(error)));
    }

    void check(simdjson::error_code error) const {
        if (error) fail_json(error);
    }

    // A wrong type is the line's fault in a way worth naming; anything else is broken JSON.
    [[noreturn]] void fail_value(simdjson::error_code error, FieldName name,
                                 std::string_view expected) const {
        if (error == simdjson::INCORRECT_TYPE || error == simdjson::NUMBER_OUT_OF_RANGE ||
            error == simdjson::NUMBER_ERROR)
            fail(fmt::format("bad \"{}\": expected {}", name.text(), expected));
        fail_json(error);
    }

    // The line must be padded as LineReader promises. DOM rather than On Demand: both DOM passes
    // run the SIMD kernel simdjson picks at run time, while On Demand is compiled for the
    // baseline CPU; on traces DOM measured a third faster, and it validates the whole line.
    simdjson::error_code parse(std::string_view line, dom::element& root) {
        return parser_.parse(line.data(), line.size(), false).get(root);
    }

    bool is_valid_json(std::string_view line) {
        dom::element root;
        return parse(line, root) == simdjson::SUCCESS;
    }

    dom::object parse_object(std::string_view line) {
        dom::element root;
        check(parse(line, root));
        dom::object object;
        if (root.get_object().get(object)) fail("not a JSON object");
        return object;
    }

    template <typename Value>
    dom::object get_object(const Value& value, FieldName name) {
        dom::object object;
        if (auto error = object_of(value, object)) fail_value(error, name, "an object");
        return object;
    }

    template <typename T, typename Value>
    T get_int(const Value& value, FieldName name) {
        constexpr auto lo = std::numeric_limits<T>::min();
        constexpr auto hi = std::numeric_limits<T>::max();
        const auto expected = [&] { return fmt::format("an integer from {} to {}", lo, hi); };
        if constexpr (std::is_signed_v<T>) {
            int64_t number = 0;
            if (auto error = number_of(value, number)) fail_value(error, name, expected());
            if (number < lo || number > hi) fail_value(simdjson::NUMBER_OUT_OF_RANGE, name, expected());
            return static_cast<T>(number);
        } else {
            uint64_t number = 0;
            if (auto error = number_of(value, number)) fail_value(error, name, expected());
            if (number > hi) fail_value(simdjson::NUMBER_OUT_OF_RANGE, name, expected());
            return static_cast<T>(number);
        }
    }

    template <typename Value>
    std::string_view get_string(const Value& value, FieldName name) {
        std::string_view text;
        if (auto error = text_of(value, text)) fail_value(error, name, "a string");
        return text;
    }

    template <typename Value>
    SockAddr get_endpoint(const Value& value, FieldName name) {
        std::string_view text = get_string(value, name);
        auto addr = trace_text::parse_endpoint(text);
        if (!addr) fail(fmt::format("bad \"{}\": expected \"ip:port\", got {}", name.text(), quote_value(text)));
        return *addr;
    }

    template <typename Value>
    SockAddr get_ip(const Value& value, FieldName name) {
        std::string_view text = get_string(value, name);
        auto addr = trace_text::parse_ip(text);
        if (!addr) fail(fmt::format("bad \"{}\": expected an IP address, got {}", name.text(), quote_value(text)));
        return *addr;
    }

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
        if (header.version > trace_text::kFormatVersion)
            fail(fmt::format("trace format version {} is newer than this ntpscope reads ({}); use a newer ntpscope",
                             header.version, trace_text::kFormatVersion));
        if (header.version < 1) fail(fmt::format("bad \"version\": {}", header.version));

        for_each_field(object, [&](std::string_view key, dom::element value) {
            if (key == "source") {
                header.source = get_string(value, key);
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
        sink_.on_header(header);
    }

    [[noreturn]] void fail_first_line(std::string_view why) const {
        throw InputError(fmt::format("{}:1: not an ntpscope trace ({})", path_, why));
    }

    template <typename Handler>
    void for_each_element(dom::element value, FieldName name, Handler&& handle) {
        dom::array array;
        if (auto error = value.get_array().get(array)) fail_value(error, name, "an array");
        for (dom::element element : array) handle(element);
    }

    // Calls handle(key, value) for each field of `object`.
    template <typename Handler>
    void for_each_field(dom::object object, Handler&& handle) {
        for (dom::key_value_pair field : object) handle(field.key, field.value);
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
                auto family = trace_text::parse_family(text);
                if (!family) fail(fmt::format("unknown socket family {}", quote_value(text)));
                sock.family = *family;
            } else if (key == "type") {
                std::string_view text = get_string(field, FieldName(name, key));
                auto type = trace_text::parse_socktype(text);
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
            for (const trace_text::TimexField& known : trace_text::kTimexFields) {
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

    // Most lines come in the writer's own shape, which a FlatLine scan reads much faster than
    // simdjson builds a DOM; any other line, valid or not, goes to simdjson.
    void read_event(std::string_view line) {
        reset(event_);
        EventFieldsSeen seen;
        const size_t sock_at = find_sock_object(line);
        const SockCache::Entry* cached = sock_at == std::string_view::npos ? nullptr : sock_cache_.find(line.substr(sock_at));
        if (scan_lines_ && flat_.scan(line, cached ? sock_at : std::string_view::npos, cached ? cached->bytes.size() : 0)) {
            for (const trace_text::ScannedField& field : flat_.fields()) read_event_field(field.key, field.value, cached, seen);
        } else {
            const std::string_view text = cached ? sockless_.make(line, sock_at, cached->bytes.size()) : line;
            for_each_field(parse_object(text), [&](std::string_view key, dom::element value) {
                read_event_field(key, value, cached, seen);
            });
        }
        if (!seen.t) fail("missing \"t\"");
        if (!seen.syscall) fail("missing \"syscall\"");
        if (!cached && seen.socks == 1 && sock_at != std::string_view::npos)
            sock_cache_.add(line.substr(sock_at, object_length(line.substr(sock_at))), *event_.sock);
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
            if (!trace_text::decode_hex(get_string(value, key), ev.data)) fail("bad hex in \"data\"");
        } else if (key == "rx_time") {
            ev.rx_time = get_int<int64_t>(value, key);
        } else if (key == "msg") {
            ev.msg_index = get_int<uint32_t>(value, key);
        } else if (key == "omitted") {
            ev.omitted = get_int<uint32_t>(value, key);
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

    std::string path_;
    EventSink& sink_;
    LineReader lines_;
    dom::parser parser_;
    Event event_;
    SockCache sock_cache_;
    SocklessLine sockless_;
    trace_text::FlatLine flat_;
    bool scan_lines_;
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

}  // namespace ntpscope
