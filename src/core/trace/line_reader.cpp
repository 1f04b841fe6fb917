#include "core/trace/line_reader.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <bit>
#include <cerrno>
#include <cstring>

#include <fmt/format.h>

#include "core/model/error.hpp"

namespace ntpscope::trace {

namespace {

constexpr size_t kInitialCapacity = size_t{4} << 20;
constexpr size_t kSmallestCapacity = size_t{64} << 10;

std::unique_ptr<char[]> allocate(size_t capacity) {
    // One byte for the '\n' written after an unterminated last line, then the padding.
    return std::make_unique_for_overwrite<char[]>(capacity + 1 + LineReader::kPadding);
}

// A small file gets a buffer about its size: readers open many small ones (strace logs twice,
// fleet directories, the fuzzers thousands of times a second), and 4 MiB each is mostly waste.
size_t initial_capacity(int fd) {
    struct stat st {};
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size >= static_cast<off_t>(kInitialCapacity))
        return kInitialCapacity;
    // A power of two, like every size it doubles to: the kMaxLine limit stays exact.
    return std::bit_ceil(std::max(kSmallestCapacity, static_cast<size_t>(st.st_size) + 1));
}

}  // namespace

LineReader::LineReader(const std::string& path) : path_(path) {
    fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd_ < 0) throw InputError(fmt::format("{}: cannot open: {}", path, std::strerror(errno)));
    ::posix_fadvise(fd_, 0, 0, POSIX_FADV_SEQUENTIAL);
    capacity_ = initial_capacity(fd_);
    buf_ = allocate(capacity_);
}

LineReader::~LineReader() { ::close(fd_); }

std::string_view LineReader::head(size_t size) {
    while (end_ - pos_ < size && !eof_) fill();
    return {buf_.get() + pos_, std::min(size, end_ - pos_)};
}

std::optional<std::string_view> LineReader::next() {
    for (;;) {
        char* start = buf_.get() + pos_;
        if (auto* newline = static_cast<char*>(std::memchr(start + scanned_, '\n', end_ - pos_ - scanned_))) {
            const auto length = static_cast<size_t>(newline - start);
            pos_ += length + 1;
            scanned_ = 0;
            ++line_;
            terminated_ = true;
            return std::string_view(start, length);
        }
        scanned_ = end_ - pos_;
        if (eof_) {
            if (pos_ == end_) return std::nullopt;
            buf_[end_] = '\n';
            const size_t length = end_ - pos_;
            pos_ = end_;
            scanned_ = 0;
            ++line_;
            terminated_ = false;
            return std::string_view(start, length);
        }
        fill();
    }
}

void LineReader::fill() {
    if (pos_ > 0) {
        std::memmove(buf_.get(), buf_.get() + pos_, end_ - pos_);
        end_ -= pos_;
        pos_ = 0;
    }
    if (end_ == capacity_) {
        if (capacity_ >= kMaxLine)
            throw InputError(fmt::format("{}:{}: line longer than {} MiB", path_, line_ + 1, kMaxLine >> 20));
        auto bigger = allocate(capacity_ * 2);
        std::memcpy(bigger.get(), buf_.get(), end_);
        buf_ = std::move(bigger);
        capacity_ *= 2;
    }
    ssize_t got;
    do {
        got = ::read(fd_, buf_.get() + end_, capacity_ - end_);
    } while (got < 0 && errno == EINTR);
    if (got < 0) throw InputError(fmt::format("{}: cannot read: {}", path_, std::strerror(errno)));
    if (got == 0) eof_ = true;
    end_ += static_cast<size_t>(got);
}

}  // namespace ntpscope::trace
