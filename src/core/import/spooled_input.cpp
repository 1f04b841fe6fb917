#include "core/import/spooled_input.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "core/model/error.hpp"

namespace ntpscope::import {

namespace {

bool gzip_magic(int fd) {
    unsigned char magic[2] = {};
    const bool gz = ::pread(fd, magic, sizeof magic, 0) == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
    return gz;
}

std::string temp_directory() {
    const char* dir = std::getenv("TMPDIR");
    return dir && *dir ? dir : "/tmp";
}

}  // namespace

SpooledInput::SpooledInput(const std::string& path) : original_(path), readable_(path) {
    int in = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (in < 0) throw InputError(path + ": cannot open: " + std::strerror(errno));
    struct stat st {};
    const bool known = ::fstat(in, &st) == 0;
    if (known && S_ISDIR(st.st_mode)) {
        ::close(in);
        throw InputError(path + ": cannot read: Is a directory");
    }
    if (!known || (S_ISREG(st.st_mode) && !gzip_magic(in))) {
        ::close(in);
        return;
    }
    readable_ = temp_directory() + "/ntpscope-input-XXXXXX";
    int out = ::mkstemp(readable_.data());
    if (out < 0) {
        const int err = errno;
        ::close(in);
        throw InputError(path + ": cannot make a temporary copy in " + temp_directory() + ": " + std::strerror(err));
    }
    temporary_ = true;
    // gzread passes data that is not gzip through unchanged: one loop for pipes and .gz alike.
    gzFile gz = ::gzdopen(in, "rb");
    std::vector<char> buffer(1 << 16);
    std::string error;
    for (int n; gz && (n = ::gzread(gz, buffer.data(), static_cast<unsigned>(buffer.size()))) != 0;) {
        if (n < 0) {
            int code = 0;
            error = std::string(": cannot decompress: ") + ::gzerror(gz, &code);
            break;
        }
        if (::write(out, buffer.data(), static_cast<size_t>(n)) != n) {
            error = std::string(": cannot make a temporary copy: ") + std::strerror(errno);
            break;
        }
    }
    if (gz && error.empty()) {
        // A gzip stream cut short ends like a file: only gzerror tells.
        int code = Z_OK;
        const char* text = ::gzerror(gz, &code);
        if (code != Z_OK) error = std::string(": cannot decompress: ") + text;
    }
    if (!gz) error = ": cannot read: out of memory";
    if (gz) ::gzclose(gz);
    else ::close(in);
    // A -t/-tt strace log without kernel stamps takes its date from the mtime.
    const struct timespec times[2] = {st.st_atim, st.st_mtim};
    ::futimens(out, times);
    ::close(out);
    if (!error.empty()) {
        ::unlink(readable_.c_str());
        throw InputError(path + error);
    }
}

SpooledInput::~SpooledInput() {
    if (temporary_) ::unlink(readable_.c_str());
}

std::string SpooledInput::named(std::string message) const {
    if (!temporary_) return message;
    for (size_t at = 0; (at = message.find(readable_, at)) != std::string::npos; at += original_.size())
        message.replace(at, readable_.size(), original_);
    return message;
}

}  // namespace ntpscope::import
