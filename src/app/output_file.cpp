#include "app/output_file.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <filesystem>
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

// A report written to a symlink replaces the file it points to, never the link itself.
std::string through_symlinks(const std::string& path) {
    std::error_code ec;
    if (!std::filesystem::is_symlink(path, ec)) return path;
    const std::filesystem::path target = std::filesystem::weakly_canonical(path, ec);
    return ec ? path : target.string();
}

// The temporary file of the report being written. Ctrl-C or SIGTERM during a long export once left
// OUT.XXXXXX behind: the handler removes it (unlink is async-signal-safe), then dies of the same
// signal. One report is written at a time.
std::atomic<const char*> g_pending_temp{nullptr};

void remove_temp_and_die(int sig) {
    if (const char* temp = g_pending_temp.load()) ::unlink(temp);
    ::signal(sig, SIG_DFL);
    ::raise(sig);
}

void guard_temp(const char* temp) {
    g_pending_temp.store(temp);
    for (int sig : {SIGINT, SIGTERM, SIGHUP}) {
        struct sigaction old {};
        // A command that handles the signal itself (record) keeps its handler.
        if (::sigaction(sig, nullptr, &old) == 0 && old.sa_handler == SIG_DFL) ::signal(sig, remove_temp_and_die);
    }
}

}  // namespace

void refuse_output_over_inputs(const std::string& output, const std::vector<std::string>& inputs) {
    struct stat out {};
    if (is_stdout(output) || ::stat(output.c_str(), &out) != 0 || !S_ISREG(out.st_mode)) return;
    for (const std::string& input : inputs) {
        struct stat in {};
        if (::stat(input.c_str(), &in) == 0 && in.st_dev == out.st_dev && in.st_ino == out.st_ino)
            throw std::runtime_error(output + ": is also the input " + input + "; refusing to overwrite it");
    }
}

OutputFile::OutputFile(const std::string& path, mode_t mode, Write write) : path_(through_symlinks(path)) {
    if (is_stdout(path)) {
        file_ = stdout;
        return;
    }
    int fd = -1;
    if (write == Write::in_place) {
        fd = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
    } else if (replaceable(path_)) {
        temp_ = path_ + ".XXXXXX";
        fd = ::mkstemp(temp_.data());
        if (fd >= 0) {
            ::fchmod(fd, mode);
            guard_temp(temp_.c_str());
        }
    } else {
        fd = ::open(path_.c_str(), O_WRONLY | O_CLOEXEC);
    }
    if (fd < 0) throw failure(path, "cannot create", errno);
    file_ = ::fdopen(fd, "wb");
    if (!file_) {
        int err = errno;
        ::close(fd);
        if (!temp_.empty()) ::unlink(temp_.c_str());
        g_pending_temp.store(nullptr);
        throw failure(path, "cannot create", err);
    }
}

OutputFile::~OutputFile() {
    if (!temp_.empty() && g_pending_temp.load() == temp_.c_str()) g_pending_temp.store(nullptr);
    if (!file_ || file_ == stdout) return;
    std::fclose(file_);
    if (!temp_.empty()) ::unlink(temp_.c_str());
}

void OutputFile::write(std::string_view text) {
    if (std::fwrite(text.data(), 1, text.size(), file_) != text.size() && !write_errno_) write_errno_ = errno;
}

void OutputFile::commit() {
    if (file_ == stdout) {
        // A write that failed earlier (a full disk, /dev/full) leaves nothing for fflush to
        // report: the stream's error flag and the first errno say it.
        const bool flushed = std::fflush(stdout) == 0;
        if (!flushed || std::ferror(stdout))
            throw failure("stdout", "cannot write", !flushed ? errno : write_errno_ ? write_errno_ : EIO);
        return;
    }
    std::FILE* file = std::exchange(file_, nullptr);
    bool ok = std::ferror(file) == 0;
    int err = write_errno_ ? write_errno_ : errno;
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
    out.write(text);
    out.commit();
}

bool output_is_terminal(const std::string& path) { return is_stdout(path) && ::isatty(STDOUT_FILENO) == 1; }

}  // namespace ntpscope::app
