#include "cli/output_file.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <stdexcept>

namespace ntpscope::cli {

namespace {

bool is_stdout(const std::string& path) { return path.empty() || path == "-"; }

}  // namespace

void write_output(const std::string& path, const std::string& text) {
    std::FILE* out = is_stdout(path) ? stdout : std::fopen(path.c_str(), "w");
    if (!out) throw std::runtime_error(path + ": cannot create: " + std::strerror(errno));
    const bool written = std::fwrite(text.data(), 1, text.size(), out) == text.size();
    const int saved = errno;
    const bool flushed = out == stdout ? std::fflush(out) == 0 : std::fclose(out) == 0;
    if (!written || !flushed)
        throw std::runtime_error((out == stdout ? std::string("stdout") : path) +
                                 ": cannot write: " + std::strerror(written ? errno : saved));
}

bool output_is_terminal(const std::string& path) { return is_stdout(path) && ::isatty(STDOUT_FILENO) == 1; }

}  // namespace ntpscope::cli
