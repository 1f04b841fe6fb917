// Reads a file line by line through one large buffer: traces can be gigabytes, so the file is
// never held whole. Each line handed out is followed in memory by a '\n' and then at least
// kPadding readable bytes, so a JSON parser that needs padding (simdjson) can parse it in place.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace ntpscope::trace {

class LineReader {
public:
    static constexpr size_t kPadding = 64;
    // Longer lines are not lines of any text format ntpscope reads: InputError.
    static constexpr size_t kMaxLine = size_t{64} << 20;

    // Throws InputError "PATH: cannot open: <reason>".
    explicit LineReader(const std::string& path);
    ~LineReader();
    LineReader(const LineReader&) = delete;
    LineReader& operator=(const LineReader&) = delete;

    // The first `size` bytes of the file (fewer when it is shorter), without consuming them.
    std::string_view head(size_t size);

    // The next line without its '\n'; nullopt at the end of the file. The view stays valid
    // until the next call.
    std::optional<std::string_view> next();

    // 1-based number of the line next() returned last.
    uint64_t line_number() const { return line_; }
    // False when that line was the last one and had no '\n' (a file cut short).
    bool terminated() const { return terminated_; }

private:
    // Moves the unread bytes to the front, grows the buffer if they fill it, and reads more.
    void fill();

    std::string path_;
    int fd_ = -1;
    std::unique_ptr<char[]> buf_;
    size_t capacity_ = 0;  // usable bytes in buf_, before the padding
    size_t pos_ = 0;       // first unread byte
    size_t end_ = 0;       // end of the bytes read so far
    size_t scanned_ = 0;   // bytes from pos_ already known to hold no '\n'
    bool eof_ = false;
    uint64_t line_ = 0;
    bool terminated_ = true;
};

}  // namespace ntpscope::trace
