// The lines of a trace file as its reader meets them: each parsed with one reused simdjson
// parser, and its fields read as typed values whose errors name the file and the line
// ("FILE:LINE: bad \"fd\": expected an integer from -2147483648 to 2147483647"). What the fields
// mean is the reader's (trace_reader.cpp); this part of it only knows JSON.
#pragma once

#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <type_traits>

#include <fmt/format.h>
#include <simdjson.h>

#include "core/model/sockaddr.hpp"
#include "core/trace/flat_line.hpp"
#include "core/trace/line_reader.hpp"
#include "core/trace/trace_text.hpp"

namespace ntpscope::trace {

namespace dom = simdjson::dom;

static_assert(LineReader::kPadding >= simdjson::SIMDJSON_PADDING);

// A value in an error message: quoted and escaped like JSON, and cut short, so the message stays
// one readable line.
std::string quote_value(std::string_view text);

// What a field holds, read the same way from simdjson's DOM and from a FlatLine scan, so that one
// set of field handlers serves both and names the same errors.
inline simdjson::error_code number_of(dom::element value, int64_t& number) { return value.get_int64().get(number); }
inline simdjson::error_code number_of(dom::element value, uint64_t& number) { return value.get_uint64().get(number); }
inline simdjson::error_code text_of(dom::element value, std::string_view& text) { return value.get_string().get(text); }
inline simdjson::error_code object_of(dom::element value, dom::object& object) { return value.get_object().get(object); }

inline simdjson::error_code number_of(const ScannedValue& value, int64_t& number) {
    if (value.kind != ScannedValue::Kind::integer) return simdjson::INCORRECT_TYPE;
    if (!value.negative && value.magnitude > uint64_t{std::numeric_limits<int64_t>::max()})
        return simdjson::NUMBER_OUT_OF_RANGE;
    number = value.negative ? static_cast<int64_t>(0 - value.magnitude) : static_cast<int64_t>(value.magnitude);
    return simdjson::SUCCESS;
}
inline simdjson::error_code number_of(const ScannedValue& value, uint64_t& number) {
    if (value.kind != ScannedValue::Kind::integer) return simdjson::INCORRECT_TYPE;
    if (value.negative) return simdjson::NUMBER_OUT_OF_RANGE;
    number = value.magnitude;
    return simdjson::SUCCESS;
}
inline simdjson::error_code text_of(const ScannedValue& value, std::string_view& text) {
    if (value.kind != ScannedValue::Kind::string) return simdjson::INCORRECT_TYPE;
    text = value.text;
    return simdjson::SUCCESS;
}
// A scan holds no object but the known "sock", which never gets here.
inline simdjson::error_code object_of(const ScannedValue&, dom::object&) { return simdjson::INCORRECT_TYPE; }

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

class JsonLines {
public:
    // Throws InputError when the file cannot be opened.
    explicit JsonLines(const std::string& path) : path_(path), lines_(path) {}

protected:
    // "FILE:LINE: " for the line read last, or for `line`.
    std::string where() const { return where(lines_.line_number()); }
    std::string where(uint64_t line) const;

    [[noreturn]] void fail(std::string_view what) const;
    [[noreturn]] void fail_json(simdjson::error_code error) const;
    void check(simdjson::error_code error) const {
        if (error) fail_json(error);
    }
    // A wrong type is the line's fault in a way worth naming; anything else is broken JSON.
    [[noreturn]] void fail_value(simdjson::error_code error, FieldName name, std::string_view expected) const;

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
        auto addr = parse_endpoint(text);
        if (!addr) fail(fmt::format("bad \"{}\": expected \"ip:port\", got {}", name.text(), quote_value(text)));
        return *addr;
    }

    template <typename Value>
    SockAddr get_ip(const Value& value, FieldName name) {
        std::string_view text = get_string(value, name);
        auto addr = parse_ip(text);
        if (!addr) fail(fmt::format("bad \"{}\": expected an IP address, got {}", name.text(), quote_value(text)));
        return *addr;
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

    std::string path_;
    LineReader lines_;

private:
    dom::parser parser_;
};

}  // namespace ntpscope::trace
