// Truncated input at every byte: reading never crashes, hangs or throws anything but a one-line
// InputError, and whatever it reads is a prefix of what the whole file gives.
#include <gtest/gtest.h>

#include <sys/mman.h>
#include <unistd.h>

#include <cstring>

#include "core/model/error.hpp"
#include "import_test_support.hpp"

namespace ntpscope::test {
namespace {

// A file in memory with a path: thousands of rewrites cost nothing on a busy disk.
class MemoryFile {
public:
    MemoryFile() : fd_(memfd_create("ntpscope-fuzz", 0)), path_("/proc/self/fd/" + std::to_string(fd_)) {}
    ~MemoryFile() { close(fd_); }
    MemoryFile(const MemoryFile&) = delete;
    MemoryFile& operator=(const MemoryFile&) = delete;

    const std::string& path() const { return path_; }
    void set(std::string_view content) const {
        EXPECT_EQ(ftruncate(fd_, 0), 0);
        EXPECT_EQ(pwrite(fd_, content.data(), content.size(), 0), static_cast<ssize_t>(content.size()));
    }

private:
    int fd_;
    std::string path_;
};

struct Outcome {
    size_t errors = 0;
    size_t reads = 0;
    size_t longest_error = 0;  // the longest prefix that could not be read at all
};

Outcome read_every_prefix(const std::string& whole, const std::vector<Event>& complete, ReadOptions options = {}) {
    MemoryFile file;
    const std::string& path = file.path();
    Outcome outcome;
    for (size_t size = 0; size <= whole.size(); ++size) {
        file.set(std::string_view(whole).substr(0, size));
        try {
            RecordingSink c = read_file(path, options);
            ++outcome.reads;
            EXPECT_LE(c.events.size(), complete.size()) << "cut at " << size;
            EXPECT_TRUE(c.header) << "cut at " << size;
        } catch (const InputError& e) {
            ++outcome.errors;
            outcome.longest_error = size;
            std::string message = e.what();
            EXPECT_EQ(message.find('\n'), std::string::npos) << message;
            EXPECT_EQ(message.rfind(path, 0), 0u) << message;
        }
    }
    return outcome;
}

TEST(FuzzPrefixes, StraceCutAtEveryByte) {
    ReadOptions options;
    options.date = 1314316800LL * 1'000'000'000;
    for (const char* name : {"strace/strace4-threads-f-tt.strace", "strace/chronyd-f-tt-T-yy-xx.strace"}) {
        std::string whole = read_bytes(fixture(name)).substr(0, 6000);
        auto complete = read_file(fixture(name), options).events;
        Outcome outcome = read_every_prefix(whole, complete, options);
        EXPECT_GT(outcome.reads, whole.size() / 2) << name;
    }
}

// A little-endian 32-bit field (the fixtures were written on x86_64).
uint32_t le32(const std::string& file, size_t at) {
    uint32_t value;
    std::memcpy(&value, file.data() + at, 4);
    return value;
}

uint32_t block_length(const std::string& file, size_t at) { return le32(file, at + 4); }

TEST(FuzzPrefixes, PcapCutAtEveryByte) {
    for (const char* name : {"pcap/ntpsec-client-eth.pcap", "pcap/ntpsec-server-eth.pcapng"}) {
        std::string whole = read_bytes(fixture(name));
        auto complete = read_file(fixture(name)).events;
        Outcome outcome = read_every_prefix(whole, complete);
        // Only a file cut before the end of its first packet (in the file header, pcapng's
        // section header and interface description, or the first packet itself) cannot be read:
        // a capture damaged before any packet is an error, not an empty capture.
        size_t first_packet_end = 24 + 16 + le32(whole, 24 + 8);
        if (std::string_view(name).ends_with(".pcapng")) {
            const size_t packets_start = block_length(whole, 0) + block_length(whole, block_length(whole, 0));
            first_packet_end = packets_start + block_length(whole, packets_start);
        }
        EXPECT_LT(outcome.longest_error, first_packet_end) << name;
    }
}

TEST(FuzzPrefixes, StraceLinesWithBytesReplaced) {
    // Every byte of a hard line turned into each of the characters the parser treats specially.
    std::string line = read_bytes(fixture("strace/chronyd-f-tt-T-yy-xx.strace"));
    size_t start = line.find("recvmmsg(");
    start = line.rfind('\n', start) + 1;
    line = line.substr(start, line.find('\n', start) - start + 1);
    MemoryFile file;
    for (size_t i = 0; i + 1 < line.size(); i += 3) {
        for (char c : std::string("\"\\{}[]()<>=, .x0")) {
            std::string mutated = line;
            mutated[i] = c;
            file.set("18:50:30.000000 close(3) = 0\n" + mutated);
            try {
                read_file(file.path());
            } catch (const InputError&) {
            }
        }
    }
}

}  // namespace
}  // namespace ntpscope::test
