#include "app/output_file.hpp"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
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
