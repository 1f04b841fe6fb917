// The trace reader's fast path for event lines. Most lines come in the writer's own shape, which
// a FlatLine scan reads much faster than simdjson builds a DOM; and the "sock" object repeats
// byte for byte on every event of a socket, so each distinct one is parsed once. The fast path
// decides how fast a line is read, never what is accepted: a line it does not take goes to
// simdjson, the parser of record (trace_reader.cpp).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <simdjson.h>

#include "core/model/event.hpp"
#include "core/trace/flat_line.hpp"

namespace ntpscope::trace {

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

    void add(std::string_view bytes, const SockInfo& sock);

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
    std::string_view make(std::string_view line, size_t sock_at, size_t sock_length);

private:
    std::unique_ptr<char[]> buf_;
    size_t capacity_ = 0;
};

// How one event line is to be read.
struct EventLine {
    bool scanned = false;                 // true: `fields` are the line's, in order
    std::span<const ScannedField> fields;
    std::string_view text;                // else: what simdjson parses (the line, or its sockless copy)
    const SockCache::Entry* cached = nullptr;  // the line's "sock", when one like it was read before
    size_t sock_at = std::string_view::npos;   // where the line's own "sock" object starts
};

class EventFastPath {
public:
    // `scan` false: every line goes to simdjson (tests check that both read the same).
    explicit EventFastPath(bool scan) : scan_(scan) {}

    // `line` must be padded as LineReader promises. The result stays valid until the next call.
    EventLine prepare(std::string_view line);
    // Caches the "sock" object of a line whose "sock" was not cached, once it was read as `sock`.
    void learn_sock(std::string_view line, const EventLine& prepared, const SockInfo& sock);

private:
    SockCache socks_;
    SocklessLine sockless_;
    FlatLine flat_;
    bool scan_;
};

// The "sock" that stands for the cached object: in the DOM of a SocklessLine, the 0 in the first
// "sock" (an earlier "sock" that is not an object fails the line anyway); in a scan, the known
// object.
inline bool is_cached_sock(simdjson::dom::element value, int socks_before) {
    int64_t zero = 1;
    return socks_before == 0 && value.get_int64().get(zero) == simdjson::SUCCESS && zero == 0;
}
inline bool is_cached_sock(const ScannedValue& value, int) { return value.kind == ScannedValue::Kind::known_object; }

}  // namespace ntpscope::trace
