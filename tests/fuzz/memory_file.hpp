// The readers of files take a path. A memfd gives the fuzzer's bytes one without touching the
// disk: it is a regular file, so the readers treat it as they treat a plain trace on disk
// (SpooledInput copies nothing), and it is rewritten in place for every input.
#pragma once

#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <string>

namespace ntpscope::fuzz {

class MemoryFile {
public:
    MemoryFile() : fd_(::memfd_create("ntpscope-fuzz", MFD_CLOEXEC)), path_("/proc/self/fd/" + std::to_string(fd_)) {
        if (fd_ < 0) std::abort();
    }
    ~MemoryFile() { ::close(fd_); }
    MemoryFile(const MemoryFile&) = delete;
    MemoryFile& operator=(const MemoryFile&) = delete;

    // Replaces the content; a failure here is the harness's, not the parser's: abort.
    const std::string& holding(const uint8_t* data, size_t size) const {
        if (::ftruncate(fd_, 0) != 0) std::abort();
        if (size > 0 && ::pwrite(fd_, data, size, 0) != static_cast<ssize_t>(size)) std::abort();
        return path_;
    }

private:
    int fd_;
    std::string path_;
};

}  // namespace ntpscope::fuzz
