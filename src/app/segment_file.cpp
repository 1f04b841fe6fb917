#include "app/segment_file.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <system_error>

namespace ntpscope::app {

namespace {
constexpr auto kRetryAfter = std::chrono::seconds(1);

uint64_t count_lines(std::string_view text) {
    return static_cast<uint64_t>(std::count(text.begin(), text.end(), '\n'));
}
}  // namespace

SegmentFile::SegmentFile(const std::string& path, Outcome outcome) : outcome_(std::move(outcome)) {
    fd_ = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd_ < 0) throw std::system_error(errno, std::generic_category(), path);
    stream_ = fopencookie(this, "w", {nullptr, &SegmentFile::cookie_write, nullptr, &SegmentFile::cookie_close});
    if (!stream_) {
        const int err = errno;
        ::close(fd_);
        throw std::system_error(err, std::generic_category(), path);
    }
    // TraceWriter buffers whole lines: each write must reach cookie_write whole.
    setvbuf(stream_, nullptr, _IONBF, 0);
}

SegmentFile::~SegmentFile() { std::fclose(stream_); }

ssize_t SegmentFile::cookie_write(void* self, const char* data, size_t size) {
    static_cast<SegmentFile*>(self)->write({data, size});
    return static_cast<ssize_t>(size);
}

int SegmentFile::cookie_close(void* self) { return ::close(static_cast<SegmentFile*>(self)->fd_); }

void SegmentFile::write(std::string_view text) {
    if (text.empty()) return;
    if (paused_until_ && std::chrono::steady_clock::now() < *paused_until_) {
        dropped_ += count_lines(text);
        return;
    }
    if (bytes_ == 0 && pending_header_.empty()) {
        const size_t end = std::min(text.find('\n'), text.size() - 1) + 1;
        pending_header_ = text.substr(0, end);
        text.remove_prefix(end);
    }
    if (!pending_header_.empty()) {
        if (!write_lines(pending_header_)) {
            dropped_ += count_lines(text);
            return;
        }
        pending_header_.clear();
    }
    if (!text.empty()) write_lines(text);
}

bool SegmentFile::write_lines(std::string_view text) {
    size_t done = 0;
    while (done < text.size()) {
        const ssize_t n = ::write(fd_, text.data() + done, text.size() - done);
        if (n > 0) {
            done += static_cast<size_t>(n);
            continue;
        }
        if (n < 0 && errno == EINTR) continue;
        const int err = n < 0 ? errno : ENOSPC;
        // Keep the whole lines that made it; the rest, and the partial line, are gone.
        const size_t last_newline = text.substr(0, done).rfind('\n');
        const size_t kept = last_newline == std::string_view::npos ? 0 : last_newline + 1;
        bytes_ += kept;
        // Should the cut fail too, the next write still starts right after the last whole line.
        (void)!ftruncate(fd_, static_cast<off_t>(bytes_));
        lseek(fd_, static_cast<off_t>(bytes_), SEEK_SET);
        // A header not written yet is kept for the next attempt, not dropped.
        if (bytes_ > 0) dropped_ += count_lines(text.substr(kept));
        paused_until_ = std::chrono::steady_clock::now() + kRetryAfter;
        outcome_(err);
        return false;
    }
    bytes_ += done;
    paused_until_.reset();
    outcome_(0);
    return true;
}

}  // namespace ntpscope::app
