#include "app/output_file.hpp"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace fs = std::filesystem;
using ntpscope::app::OutputFile;

namespace {

struct TempDir {
    fs::path path = fs::temp_directory_path() / ("ntpscope-out-" + std::to_string(getpid()));
    TempDir() { fs::create_directories(path); }
    ~TempDir() { fs::remove_all(path); }
};

std::string slurp(const fs::path& p) {
    std::ifstream in(p);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

}  // namespace

TEST(OutputFile, ReplacesARegularFileOnlyOnCommit) {
    TempDir dir;
    fs::path report = dir.path / "report.md";
    std::ofstream(report) << "previous report";
    {
        OutputFile out(report.string(), 0600);
        std::fputs("half", out.file());
        // No commit: an error happened before the report was complete.
    }
    EXPECT_EQ(slurp(report), "previous report");
    EXPECT_EQ(std::distance(fs::directory_iterator(dir.path), fs::directory_iterator{}), 1)
        << "the temporary file is removed";
    {
        OutputFile out(report.string(), 0600);
        std::fputs("new report", out.file());
        out.commit();
    }
    EXPECT_EQ(slurp(report), "new report");
    EXPECT_EQ(fs::status(report).permissions() & fs::perms::all, fs::perms::owner_read | fs::perms::owner_write);
}

TEST(OutputFile, WritesThroughSpecialFilesInsteadOfReplacingThem) {
    // `-o /dev/null` once renamed a regular file over the device node. A FIFO stands in for it.
    TempDir dir;
    fs::path fifo = dir.path / "pipe";
    ASSERT_EQ(mkfifo(fifo.c_str(), 0600), 0);
    int reader = open(fifo.c_str(), O_RDONLY | O_NONBLOCK);
    ASSERT_GE(reader, 0);
    {
        OutputFile out(fifo.string(), 0600);
        std::fputs("through", out.file());
        out.commit();
    }
    char buf[16] = {};
    EXPECT_EQ(read(reader, buf, sizeof buf), 7);
    EXPECT_STREQ(buf, "through");
    close(reader);
    EXPECT_TRUE(fs::is_fifo(fifo));
}

TEST(OutputFile, NamesThePathWhenItCannotCreate) {
    try {
        OutputFile out("/nonexistent-dir/report.html", 0644);
        FAIL();
    } catch (const std::runtime_error& e) {
        EXPECT_EQ(std::string(e.what()), "/nonexistent-dir/report.html: cannot create: No such file or directory");
    }
}

TEST(OutputFile, AFullStdoutIsAnErrorNotASilentlyShortReport) {
    // `summary -f json T > /dev/full` once exited 0: the write failed inside fwrite, and the
    // final fflush had nothing left to report.
    pid_t child = fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
        int full = open("/dev/full", O_WRONLY);
        if (full < 0 || dup2(full, STDOUT_FILENO) < 0) _exit(3);
        try {
            ntpscope::app::write_output("-", std::string(1 << 20, 'x'));
        } catch (const std::runtime_error& e) {
            _exit(std::string(e.what()) == "stdout: cannot write: No space left on device" ? 0 : 1);
        }
        _exit(2);
    }
    int status = 0;
    ASSERT_EQ(waitpid(child, &status, 0), child);
    ASSERT_TRUE(WIFEXITED(status));
    EXPECT_EQ(WEXITSTATUS(status), 0) << "1: wrong message, 2: no error, 3: setup";
}

TEST(OutputFile, RefusesToOverwriteAnInputEvenByAnotherName) {
    TempDir dir;
    const fs::path trace = dir.path / "host.trace";
    std::ofstream(trace) << "trace";
    const fs::path link = dir.path / "alias.trace";
    fs::create_symlink(trace, link);
    for (const fs::path& output : {trace, link}) {
        try {
            ntpscope::app::refuse_output_over_inputs(output.string(), {"other.trace", trace.string()});
            FAIL() << output;
        } catch (const std::runtime_error& e) {
            EXPECT_EQ(std::string(e.what()), output.string() + ": is also the input " + trace.string() +
                                                 "; refusing to overwrite it");
        }
    }
    EXPECT_NO_THROW(ntpscope::app::refuse_output_over_inputs((dir.path / "new.md").string(), {trace.string()}));
    EXPECT_NO_THROW(ntpscope::app::refuse_output_over_inputs("-", {trace.string()}));
    EXPECT_EQ(slurp(trace), "trace");
}

TEST(OutputFile, WritesThroughASymlinkInsteadOfReplacingIt) {
    TempDir dir;
    const fs::path report = dir.path / "report.md";
    std::ofstream(report) << "old";
    const fs::path link = dir.path / "latest.md";
    fs::create_symlink(report, link);
    ntpscope::app::write_output(link.string(), "new");
    EXPECT_TRUE(fs::is_symlink(link));
    EXPECT_EQ(slurp(report), "new");
}

TEST(OutputFile, ASignalWhileWritingLeavesNoTemporaryFile) {
    // An interrupted `export` once left OUT.XXXXXX beside OUT.
    TempDir dir;
    const fs::path report = dir.path / "capture.pcapng";
    pid_t child = fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
        OutputFile out(report.string(), 0600);
        std::fputs("half a capture", out.file());
        std::fflush(out.file());
        raise(SIGINT);
        _exit(0);
    }
    int status = 0;
    ASSERT_EQ(waitpid(child, &status, 0), child);
    EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGINT) << "dies of the signal, as before";
    EXPECT_TRUE(fs::is_empty(dir.path)) << "neither the report nor its temporary file is there";
}

