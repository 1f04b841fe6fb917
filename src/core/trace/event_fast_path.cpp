#include "core/trace/event_fast_path.hpp"

#include <cstring>

namespace ntpscope::trace {

namespace {

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

}  // namespace

void SockCache::add(std::string_view bytes, const SockInfo& sock) {
    if (entries_.size() < kEntries) {
        entries_.push_back({std::string(bytes), sock});
    } else {
        entries_[next_] = {std::string(bytes), sock};
        next_ = (next_ + 1) % kEntries;
    }
}

std::string_view SocklessLine::make(std::string_view line, size_t sock_at, size_t sock_length) {
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

EventLine EventFastPath::prepare(std::string_view line) {
    EventLine prepared;
    prepared.sock_at = find_sock_object(line);
    if (prepared.sock_at != std::string_view::npos) prepared.cached = socks_.find(line.substr(prepared.sock_at));
    const size_t known_length = prepared.cached ? prepared.cached->bytes.size() : 0;
    if (scan_ && flat_.scan(line, prepared.cached ? prepared.sock_at : std::string_view::npos, known_length)) {
        prepared.scanned = true;
        prepared.fields = flat_.fields();
    } else {
        prepared.text = prepared.cached ? sockless_.make(line, prepared.sock_at, known_length) : line;
    }
    return prepared;
}

void EventFastPath::learn_sock(std::string_view line, const EventLine& prepared, const SockInfo& sock) {
    if (prepared.cached || prepared.sock_at == std::string_view::npos) return;
    const std::string_view object = line.substr(prepared.sock_at);
    socks_.add(object.substr(0, object_length(object)), sock);
}

}  // namespace ntpscope::trace
