// Where a command's output goes: a file named by -o, or stdout ("-" or empty).
#pragma once

#include <sys/types.h>

#include <cstdio>
#include <string>

namespace ntpscope::app {

// A report goes to a regular file under a temporary name beside it, renamed into place by
// commit(), so a failed or interrupted command never leaves a half-written file or clobbers
// the previous one. Anything else (stdout, /dev/null, a FIFO, a terminal) is written directly:
// renaming over a device would replace the device node itself. A recording is written in place
// instead: whatever stops it, the events written so far must be in the file.
class OutputFile {
public:
    enum class Write { replace_on_commit, in_place };
    OutputFile(const std::string& path, mode_t mode, Write write = Write::replace_on_commit);
    ~OutputFile();
    OutputFile(const OutputFile&) = delete;
    OutputFile& operator=(const OutputFile&) = delete;

    std::FILE* file() const { return file_; }
    // Flushes, and for a regular file moves it into place. Throws std::runtime_error
    // ("PATH: cannot write: No space left on device").
    void commit();

private:
    std::string path_;
    std::string temp_;  // empty when writing directly
    std::FILE* file_ = nullptr;
};

// Writes a whole report through an OutputFile (mode 0644).
void write_output(const std::string& path, const std::string& text);

// True when the output is stdout and stdout is a terminal.
bool output_is_terminal(const std::string& path);

}  // namespace ntpscope::app
