// Inputs that cannot be opened twice: a FIFO, a pipe, a gzip-compressed file. Each is read once,
// gives the same events as the plain file, and errors still name what the user gave.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <zlib.h>

#include <thread>

#include "core/import/read_input.hpp"
#include "core/model/error.hpp"
#include "import_test_support.hpp"

namespace ntpscope::test {
namespace {

const char* const kInputs[] = {"lab/ntpsec_client.trace", "pcap/ntpsec-client-eth.pcap",
                               "strace/ntpsec-attach-f-tt-T-yy-xx.strace"};

RecordingSink read_path(const std::string& path) {
    RecordingSink sink;
    import::read_input(path, sink);
    return sink;
}

std::string gzip(const TempDir& dir, const std::string& name, const std::string& bytes) {
    const std::string path = dir.file(name);
    gzFile gz = gzopen(path.c_str(), "wb");
    gzwrite(gz, bytes.data(), static_cast<unsigned>(bytes.size()));
    gzclose(gz);
    return path;
}

TEST(SpooledInput, AFifoIsReadOnceInsteadOfHanging) {
    for (const char* name : kInputs) {
        SCOPED_TRACE(name);
        TempDir dir;
        const std::string fifo = dir.file("input.fifo");
        ASSERT_EQ(mkfifo(fifo.c_str(), 0600), 0);
        const std::string bytes = read_bytes(fixture(name));
        std::thread writer([&] {
            FILE* f = std::fopen(fifo.c_str(), "wb");
            std::fwrite(bytes.data(), 1, bytes.size(), f);
            std::fclose(f);
        });
        const RecordingSink through_fifo = read_path(fifo);
        writer.join();
        EXPECT_EQ(through_fifo.events, read_path(fixture(name)).events);
        EXPECT_FALSE(through_fifo.events.empty());
    }
}

TEST(SpooledInput, GzipCompressedInputsReadAsThePlainOnes) {
    for (const char* name : kInputs) {
        SCOPED_TRACE(name);
        TempDir dir;
        const std::string gz = gzip(dir, "input.gz", read_bytes(fixture(name)));
        EXPECT_EQ(read_path(gz).events, read_path(fixture(name)).events);
    }
}

TEST(SpooledInput, ErrorsAndWarningsNameTheUsersInput) {
    TempDir dir;
    const std::string bad = gzip(dir, "bad.gz", "no trace in here\n");
    try {
        read_path(bad);
        FAIL() << "no error";
    } catch (const InputError& e) {
        EXPECT_EQ(std::string(e.what()), bad + ": not an ntpscope trace, strace log or pcap capture");
    }
    const std::string whole = read_bytes(fixture("strace/ntpsec-attach-f-tt-T-yy-xx.strace"));
    const RecordingSink cut = read_path(gzip(dir, "cut.gz", whole));
    ASSERT_FALSE(cut.warnings.empty());  // its last line was cut when strace was stopped
    EXPECT_EQ(cut.warnings.front().rfind(dir.file("cut.gz") + ": ", 0), 0u) << cut.warnings.front();
    std::string broken = read_bytes(gzip(dir, "full.gz", whole));
    broken.resize(broken.size() / 2);
    const std::string truncated = dir.write("truncated.gz", broken);
    try {
        read_path(truncated);
        FAIL() << "no error";
    } catch (const InputError& e) {
        EXPECT_EQ(std::string(e.what()).rfind(truncated + ": cannot decompress: ", 0), 0u) << e.what();
    }
}

}  // namespace
}  // namespace ntpscope::test
