// A small streaming JSON writer that appends to a caller's std::string. Commas between members
// and elements are automatic; nothing is allocated per value beyond the string's own growth.
//
//   std::string out;
//   json::Writer w(out);
//   w.begin_object().key("peer").string("10.0.0.1").key("count").number(3).end_object();
//
// Output is compact (one line). Use one Writer per JSON document (e.g. per JSON Lines line).
#pragma once

#include <concepts>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include <fmt/format.h>

namespace ntpscope::json {

// Appends `text` as a quoted JSON string. Quotes, backslashes and control characters are
// escaped; bytes that are not valid UTF-8 become \ufffd (one per byte), so the output is always
// valid JSON even for kernel-provided names such as a comm cut in the middle of a character.
void append_string(std::string& out, std::string_view text);

// Appends `bytes` as a quoted string of lowercase hex digits, two per byte.
void append_hex(std::string& out, std::span<const uint8_t> bytes);

class Writer {
public:
    explicit Writer(std::string& out) : out_(out) {}

    Writer& begin_object() { return open('{'); }
    Writer& end_object() { return close('}'); }
    Writer& begin_array() { return open('['); }
    Writer& end_array() { return close(']'); }

    // Inside an object: the member name; the next call writes its value.
    Writer& key(std::string_view name) {
        separate();
        append_string(out_, name);
        out_.push_back(':');
        need_comma_ = false;
        return *this;
    }

    // A member name that needs no escaping (printable ASCII without '"' or '\\'), as the
    // trace's constant keys are: copied as it is, skipping append_string's per-byte checks.
    Writer& raw_key(std::string_view name) {
        separate();
        out_.push_back('"');
        out_.append(name);
        out_.append("\":", 2);
        need_comma_ = false;
        return *this;
    }

    Writer& string(std::string_view text) {
        separate();
        append_string(out_, text);
        return done();
    }

    template <std::integral T>
        requires(!std::same_as<T, bool>)
    Writer& number(T value) {
        separate();
        fmt::format_int digits(value);
        out_.append(digits.data(), digits.size());
        return done();
    }

    // Shortest text that reads back as the same double; NaN and infinities become null
    // (JSON has no spelling for them).
    Writer& number(double value);

    Writer& boolean(bool value) { return raw(value ? "true" : "false"); }
    Writer& null() { return raw("null"); }

    Writer& hex(std::span<const uint8_t> bytes) {
        separate();
        append_hex(out_, bytes);
        return done();
    }

    // A value that is already JSON text (for example a nested document built elsewhere).
    Writer& raw(std::string_view json) {
        separate();
        out_.append(json);
        return done();
    }

private:
    void separate() {
        if (need_comma_) out_.push_back(',');
    }
    Writer& done() {
        need_comma_ = true;
        return *this;
    }
    Writer& open(char bracket) {
        separate();
        out_.push_back(bracket);
        need_comma_ = false;
        return *this;
    }
    Writer& close(char bracket) {
        out_.push_back(bracket);
        return done();
    }

    std::string& out_;
    bool need_comma_ = false;  // a value was just completed at the current nesting level
};

}  // namespace ntpscope::json
