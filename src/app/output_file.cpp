#include "app/output_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <utility>

namespace ntpscope::app {

namespace {

bool is_stdout(const std::string& path) { return path.empty() || path == "-"; }

std::runtime_error failure(const std::string& path, const char* what, int err) {
    return std::runtime_error(path + ": " + what + ": " + std::strerror(err));
}

// Missing or a regular file: safe to replace by rename.
bool replaceable(const std::string& path) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) return errno == ENOENT;
    return S_ISREG(st.st_mode);
}

}  // namespace

OutputFile::OutputFile(const std::string& path, mode_t mode, Write write) : path_(path) {
    if (is_stdout(path)) {
        file_ = stdout;
        return;
    }
    int fd = -1;
    if (write == Write::in_place) {
        fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
    } else if (replaceable(path)) {
        temp_ = path + ".XXXXXX";
        fd = ::mkstemp(temp_.data());
        if (fd >= 0) ::fchmod(fd, mode);
    } else {
        fd = ::open(path.c_str(), O_WRONLY | O_CLOEXEC);
    }
    if (fd < 0) throw failure(path, "cannot create", errno);
    file_ = ::fdopen(fd, "wb");
    if (!file_) {
        int err = errno;
        ::close(fd);
        if (!temp_.empty()) ::unlink(temp_.c_str());
        throw failure(path, "cannot create", err);
    }
}

OutputFile::~OutputFile() {
    if (!file_ || file_ == stdout) return;
    std::fclose(file_);
    if (!temp_.empty()) ::unlink(temp_.c_str());
}

void OutputFile::commit() {
    if (file_ == stdout) {
        if (std::fflush(stdout) != 0) throw failure("stdout", "cannot write", errno);
        return;
    }
    std::FILE* file = std::exchange(file_, nullptr);
    bool ok = std::ferror(file) == 0;
    int err = errno;
    if (std::fclose(file) != 0 && ok) {
        ok = false;
        err = errno;
    }
    if (ok && !temp_.empty() && std::rename(temp_.c_str(), path_.c_str()) != 0) {
        ok = false;
        err = errno;
    }
    if (!ok) {
        if (!temp_.empty()) ::unlink(temp_.c_str());
        throw failure(path_, "cannot write", err ? err : EIO);
    }
}

void write_output(const std::string& path, const std::string& text) {
    OutputFile out(path, 0644);
    std::fwrite(text.data(), 1, text.size(), out.file());
    out.commit();
}

bool output_is_terminal(const std::string& path) { return is_stdout(path) && ::isatty(STDOUT_FILENO) == 1; }

}  // namespace ntpscope::app
