// A growable character buffer whose appends are inline: a bounds check and a copy, with no call
// into the library per value. It is the output of the hot JSON writers (the recorder's trace
// lines); everything else writes into a std::string.
#pragma once

#include <cstddef>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>

namespace ntpscope::json {

class Buffer {
public:
    explicit Buffer(size_t capacity = 4096) { grow(capacity); }

    const char* data() const { return begin_.get(); }
    size_t size() const { return static_cast<size_t>(end_ - begin_.get()); }
    bool empty() const { return end_ == begin_.get(); }
    void clear() { end_ = begin_.get(); }
    std::string_view view() const { return {data(), size()}; }

    void push_back(char c) {
        room(1);
        *end_++ = c;
    }
    void append(const char* text, size_t length) {
        std::memcpy(room(length), text, length);
        end_ += length;
    }

    // Where at most `length` bytes can be written now; used() then says where the writing ended.
    char* room(size_t length) {
        if (static_cast<size_t>(limit_ - end_) < length) grow(size() + length);
        return end_;
    }
    void used(char* end) { end_ = end; }

private:
    // Out of line and cold: rare, and inlined into every append it would crowd the hot code.
    [[gnu::noinline, gnu::cold]] void grow(size_t at_least) {
        size_t capacity = static_cast<size_t>(limit_ - begin_.get());
        if (capacity == 0) capacity = 64;
        while (capacity < at_least) capacity *= 2;
        const size_t kept = size();
        auto bigger = std::make_unique_for_overwrite<char[]>(capacity);
        if (kept) std::memcpy(bigger.get(), begin_.get(), kept);
        begin_ = std::move(bigger);
        end_ = begin_.get() + kept;
        limit_ = begin_.get() + capacity;
    }

    std::unique_ptr<char[]> begin_;
    char* end_ = nullptr;
    char* limit_ = nullptr;
};

// The same two operations on a std::string, so one writer template serves both outputs.
inline char* room(std::string& out, size_t length) {
    const size_t at = out.size();
    out.resize(at + length);
    return out.data() + at;
}
inline void used(std::string& out, char* end) { out.resize(static_cast<size_t>(end - out.data())); }
inline char* room(Buffer& out, size_t length) { return out.room(length); }
inline void used(Buffer& out, char* end) { out.used(end); }

}  // namespace ntpscope::json
