// Where a command's output goes: a file named by -o, or stdout ("-" or empty).
#pragma once

#include <sys/types.h>

#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

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
    // Writes `text`, remembering the first error for commit().
    void write(std::string_view text);
    // Flushes, and for a regular file moves it into place. Throws std::runtime_error
    // ("PATH: cannot write: No space left on device").
    void commit();

private:
    std::string path_;
    std::string temp_;  // empty when writing directly
    std::FILE* file_ = nullptr;
    int write_errno_ = 0;
};

// Throws std::runtime_error when `output` is the same file (device and inode) as one of the
// inputs: `summary T -o T` must not replace the trace with its report.
void refuse_output_over_inputs(const std::string& output, const std::vector<std::string>& inputs);

// Writes a whole report through an OutputFile (mode 0644).
void write_output(const std::string& path, const std::string& text);

// True when the output is stdout and stdout is a terminal.
bool output_is_terminal(const std::string& path);

}  // namespace ntpscope::app
