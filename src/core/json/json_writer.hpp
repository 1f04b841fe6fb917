// A small streaming JSON writer that appends to a caller's std::string (or json::Buffer, for the
// hot trace lines). Commas between members and elements are automatic; nothing is allocated per
// value beyond the output's own growth.
//
//   std::string out;
//   json::Writer w(out);
//   w.begin_object().key("peer").string("10.0.0.1").key("count").number(3).end_object();
//
// Output is compact (one line). Use one Writer per JSON document (e.g. per JSON Lines line).
#pragma once

#include <charconv>
#include <concepts>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "core/json/json_buffer.hpp"

namespace ntpscope::json {

// Appends `text` as a quoted JSON string. Quotes, backslashes and control characters are
// escaped; bytes that are not valid UTF-8 become \ufffd (one per byte), so the output is always
// valid JSON even for kernel-provided names such as a comm cut in the middle of a character.
// Out is std::string or json::Buffer.
template <class Out>
void append_string(Out& out, std::string_view text);

// Appends `bytes` as a quoted string of lowercase hex digits, two per byte.
template <class Out>
void append_hex(Out& out, std::span<const uint8_t> bytes);

template <class Out>
class BasicWriter {
public:
    explicit BasicWriter(Out& out) : out_(out) {}

    BasicWriter& begin_object() { return open('{'); }
    BasicWriter& end_object() { return close('}'); }
    BasicWriter& begin_array() { return open('['); }
    BasicWriter& end_array() { return close(']'); }

    // Inside an object: the member name; the next call writes its value.
    BasicWriter& key(std::string_view name) {
        separate();
        append_string(out_, name);
        out_.push_back(':');
        need_comma_ = false;
        return *this;
    }

    // A member name that needs no escaping (printable ASCII without '"' or '\\'), as the
    // trace's constant keys are: copied as it is, skipping append_string's per-byte checks.
    BasicWriter& raw_key(std::string_view name) {
        char* p = room(out_, name.size() + 4);
        if (need_comma_) *p++ = ',';
        *p++ = '"';
        std::memcpy(p, name.data(), name.size());
        p += name.size();
        *p++ = '"';
        *p++ = ':';
        used(out_, p);
        need_comma_ = false;
        return *this;
    }

    BasicWriter& string(std::string_view text) {
        separate();
        append_string(out_, text);
        return done();
    }

    // A string value that needs no escaping, by the same rule as raw_key: names from the
    // program's own tables, addresses and numbers spelled as text.
    BasicWriter& raw_string(std::string_view text) {
        char* p = room(out_, text.size() + 3);
        if (need_comma_) *p++ = ',';
        *p++ = '"';
        std::memcpy(p, text.data(), text.size());
        p += text.size();
        *p++ = '"';
        used(out_, p);
        return done();
    }

    template <std::integral T>
        requires(!std::same_as<T, bool>)
    BasicWriter& number(T value) {
        constexpr size_t kLongest = 21;  // a comma and 20 digits (or a sign and 19)
        char* p = room(out_, kLongest);
        if (need_comma_) *p++ = ',';
        used(out_, std::to_chars(p, p + 20, value).ptr);
        return done();
    }

    // Shortest text that reads back as the same double; NaN and infinities become null
    // (JSON has no spelling for them).
    BasicWriter& number(double value);

    BasicWriter& boolean(bool value) { return raw(value ? "true" : "false"); }
    BasicWriter& null() { return raw("null"); }

    BasicWriter& hex(std::span<const uint8_t> bytes) {
        separate();
        append_hex(out_, bytes);
        return done();
    }

    // A value that is already JSON text (for example a nested document built elsewhere).
    BasicWriter& raw(std::string_view json) {
        separate();
        out_.append(json.data(), json.size());
        return done();
    }

private:
    void separate() {
        if (need_comma_) out_.push_back(',');
    }
    BasicWriter& done() {
        need_comma_ = true;
        return *this;
    }
    BasicWriter& open(char bracket) {
        separate();
        out_.push_back(bracket);
        need_comma_ = false;
        return *this;
    }
    BasicWriter& close(char bracket) {
        out_.push_back(bracket);
        return done();
    }

    Out& out_;
    bool need_comma_ = false;  // a value was just completed at the current nesting level
};

using Writer = BasicWriter<std::string>;
using BufferWriter = BasicWriter<Buffer>;

}  // namespace ntpscope::json
