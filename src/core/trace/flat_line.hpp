// A quick reading of event lines in the exact shape TraceWriter writes them: one flat JSON
// object of integers and plain strings, without white space. It takes a subset of valid JSON
// and refuses everything else, which the trace reader then gives to simdjson: it decides how
// fast a line is read, never what is accepted nor which error is named.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

namespace ntpscope::trace {

struct ScannedValue {
    enum class Kind : uint8_t { integer, string, known_object };
    Kind kind = Kind::integer;
    bool negative = false;   // integer: its sign (never -0)
    uint64_t magnitude = 0;  // integer: at most 2^63 when negative
    std::string_view text;   // string: its characters, which need no unescaping
};

struct ScannedField {
    std::string_view key;
    ScannedValue value;
};

class FlatLine {
public:
    static constexpr size_t kMaxFields = 32;

    // True when `line` is such an object; its fields are then fields(), in order. Like every
    // line LineReader hands out, it must be followed by a byte below 0x20 (its '\n') and 15 more
    // readable bytes. The only object value allowed is the one of `known_length` bytes at
    // `known_at`, which the caller already knows to be valid JSON (npos: none): it becomes a
    // Kind::known_object.
    bool scan(std::string_view line, size_t known_at, size_t known_length);

    std::span<const ScannedField> fields() const { return {fields_.data(), count_}; }

private:
    std::array<ScannedField, kMaxFields> fields_;
    size_t count_ = 0;
};

}  // namespace ntpscope::trace
