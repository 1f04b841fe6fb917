#include "core/trace/json_lines.hpp"

#include "core/json/json_writer.hpp"
#include "core/model/error.hpp"

namespace ntpscope::trace {

std::string quote_value(std::string_view text) {
    constexpr size_t kMax = 40;
    std::string quoted;
    json::append_string(quoted, text.substr(0, kMax));
    // The message goes to a terminal: DEL, which JSON leaves as it is, is escaped too.
    for (size_t at = quoted.find('\x7f'); at != std::string::npos; at = quoted.find('\x7f', at))
        quoted.replace(at, 1, "\\u007f");
    if (text.size() > kMax) quoted.insert(quoted.size() - 1, "...");
    return quoted;
}

std::string JsonLines::where(uint64_t line) const { return fmt::format("{}:{}: ", path_, line); }

void JsonLines::fail(std::string_view what) const { throw InputError(where() + std::string(what)); }

void JsonLines::fail_json(simdjson::error_code error) const {
    fail(fmt::format("invalid JSON ({})", simdjson::error_message(error)));
}

void JsonLines::fail_value(simdjson::error_code error, FieldName name, std::string_view expected) const {
    if (error == simdjson::INCORRECT_TYPE || error == simdjson::NUMBER_OUT_OF_RANGE ||
        error == simdjson::NUMBER_ERROR)
        fail(fmt::format("bad \"{}\": expected {}", name.text(), expected));
    fail_json(error);
}

}  // namespace ntpscope::trace
