// `watch`'s segments without root: option parsing, names, the disk budget, and what a refused
// write (a file size limit standing in for a full disk) leaves in a segment.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/resource.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "../fleet/temp_dir.hpp"
#include "app/disk_budget.hpp"
#include "app/segment_file.hpp"
#include "app/segment_names.hpp"
#include "app/segment_policy.hpp"
#include "app/segment_writer.hpp"
#include "core/trace/trace_reader.hpp"

namespace ntpscope::app {
namespace {

using fleet::test::TempDir;
using namespace std::chrono_literals;

constexpr int64_t k20261206T193000Z = 1796585400LL * 1'000'000'000;

TEST(SegmentPolicy, ParsesSizesInCapitalsAndLeavesLowercaseToDurations) {
    EXPECT_EQ(parse_size("100M"), 100u << 20);
    EXPECT_EQ(parse_size("1G"), 1u << 30);
    EXPECT_EQ(parse_size("512KiB"), 512u << 10);
    EXPECT_EQ(parse_size("64KB"), 64u << 10);
    EXPECT_EQ(parse_size("2T"), uint64_t{2} << 40);
    EXPECT_EQ(parse_size("4096"), 4096u);
    for (const char* bad : {"100m", "0", "-1M", "1X", "", "M", "1.5G", "2000000T", "1MM"})
        EXPECT_FALSE(parse_size(bad)) << bad;
}

TEST(SegmentPolicy, SegmentIsADurationOrASizeAndAQuarterOfTheBudgetAtMost) {
    SegmentPolicy by_time = plan_segments("1h", "");
    EXPECT_EQ(by_time.max_age, std::chrono::nanoseconds(3600s));
    EXPECT_FALSE(by_time.max_bytes);
    EXPECT_EQ(by_time.max_disk, 0u);

    SegmentPolicy by_size = plan_segments("100M", "1G");
    EXPECT_FALSE(by_size.max_age);
    EXPECT_EQ(by_size.max_bytes, 100u << 20);
    EXPECT_EQ(by_size.max_disk, 1u << 30);

    SegmentPolicy both = plan_segments("30m", "1G");
    EXPECT_EQ(both.max_age, std::chrono::nanoseconds(1800s));
    EXPECT_EQ(both.max_bytes, 256u << 20) << "a day-long segment must not outgrow the budget";
    EXPECT_EQ(plan_segments("1G", "1G").max_bytes, 256u << 20);
}

TEST(SegmentPolicy, RefusesWhatCannotWorkNamingTheOption) {
    auto message = [](const std::string& segment, const std::string& max_disk) {
        try {
            plan_segments(segment, max_disk);
        } catch (const std::runtime_error& e) {
            return std::string(e.what());
        }
        return std::string("accepted");
    };
    EXPECT_EQ(message("soon", "").rfind("--segment 'soon': expected a duration", 0), 0u) << message("soon", "");
    EXPECT_EQ(message("1K", "").rfind("--segment 1K: at least", 0), 0u);
    EXPECT_EQ(message("500ms", "").rfind("--segment 500ms: at least 1s", 0), 0u);
    EXPECT_EQ(message("1h", "10K").rfind("--max-disk '10K': expected a size", 0), 0u);
    EXPECT_EQ(message("1h", "1g").rfind("--max-disk '1g'", 0), 0u);
}

TEST(SegmentPolicy, ASegmentIsCompleteAtItsAgeOrSize) {
    SegmentPolicy p = plan_segments("1h", "4M");  // 1 MiB at most
    EXPECT_FALSE(segment_complete(p, 59min, 1000));
    EXPECT_TRUE(segment_complete(p, 60min, 1000));
    EXPECT_TRUE(segment_complete(p, 1s, 1u << 20));
    EXPECT_FALSE(segment_complete(p, 1s, (1u << 20) - 1));
}

TEST(SegmentNames, NameHostAndUtcStartSortingByTime) {
    EXPECT_EQ(segment_name("ntp1", k20261206T193000Z + 999'999'999), "ntpscope-ntp1-20261206T193000Z.trace");
    EXPECT_EQ(segment_name("a b/c:d", k20261206T193000Z), "ntpscope-a_b_c_d-20261206T193000Z.trace");
    EXPECT_EQ(segment_name("", 0), "ntpscope-unknown-19700101T000000Z.trace");
    EXPECT_LT(segment_name("h", k20261206T193000Z), segment_name("h", k20261206T193000Z + 3'600'000'000'000));

    EXPECT_EQ(segment_stamp("ntpscope-ntp-1-20261206T193000Z.trace"), "20261206T193000Z");
    for (const char* other : {"ntpscope-ntp1-20261206T193000Z.trace.gz", "notes.txt", "ntpscope-20261206T193000Z.trace",
                              "ntpscope-h-20261206X193000Z.trace", "ntpscope-h-2026120aT193000Z.trace"})
        EXPECT_FALSE(segment_stamp(other)) << other;
}

TEST(DiskBudget, DeletesTheOldestSegmentsByStartNeverTheCurrentOne) {
    const std::string old1 = segment_name("b", k20261206T193000Z);
    const std::string old2 = segment_name("a", k20261206T193000Z + 3'600'000'000'000);
    const std::string current = segment_name("a", k20261206T193000Z + 7'200'000'000'000);
    std::vector<StoredFile> files = {{current, 100}, {"notes.txt", 50}, {old2, 100}, {old1, 100}};
    EXPECT_EQ(segments_over_budget(files, current, 350), std::vector<std::string>{});
    EXPECT_EQ(segments_over_budget(files, current, 300), std::vector<std::string>{old1})
        << "other files count as used space but are never deleted";
    EXPECT_EQ(segments_over_budget(files, current, 150), (std::vector<std::string>{old1, old2}));
    EXPECT_EQ(segments_over_budget(files, current, 10), (std::vector<std::string>{old1, old2}))
        << "the segment being written stays, even over the budget";
}

TEST(DiskBudget, EnforcesTheBudgetOnADirectory) {
    TempDir dir;
    const std::string old_name = segment_name("h", k20261206T193000Z);
    const std::string current = segment_name("h", k20261206T193000Z + 1'000'000'000);
    std::ofstream(dir / old_name) << std::string(1000, 'x');
    std::ofstream(dir / current) << std::string(1000, 'x');
    std::ofstream(dir / "README") << std::string(10, 'x');
    EXPECT_EQ(enforce_disk_budget(dir.path(), current, 5000), std::vector<std::string>{});
    EXPECT_EQ(enforce_disk_budget(dir.path(), current, 1500), std::vector<std::string>{old_name});
    EXPECT_FALSE(std::filesystem::exists(dir / old_name));
    EXPECT_TRUE(std::filesystem::exists(dir / current));
    EXPECT_TRUE(std::filesystem::exists(dir / "README"));
}

// Stands in for a full disk: writes past `bytes` fail with EFBIG, after a partial write.
class FileSizeLimit {
public:
    explicit FileSizeLimit(rlim_t bytes) {
        signal(SIGXFSZ, SIG_IGN);
        getrlimit(RLIMIT_FSIZE, &saved_);
        rlimit limit = saved_;
        limit.rlim_cur = bytes;
        setrlimit(RLIMIT_FSIZE, &limit);
    }
    ~FileSizeLimit() { setrlimit(RLIMIT_FSIZE, &saved_); }

private:
    rlimit saved_{};
};

std::string slurp(const std::string& path) {
    std::ifstream in(path);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

void put(const SegmentFile& file, const std::string& text) {
    ASSERT_EQ(std::fwrite(text.data(), 1, text.size(), file.stream()), text.size());
    ASSERT_EQ(std::fflush(file.stream()), 0);
}

TEST(SegmentFile, ARefusedWriteLeavesOnlyWholeLinesAndResumesASecondLater) {
    TempDir dir;
    const std::string path = dir / "s.trace";
    std::vector<int> outcomes;
    SegmentFile file(path, [&](int error) { outcomes.push_back(error); });
    const std::string header = std::string(39, 'h') + "\n";  // 40 bytes
    const std::string line = std::string(29, 'e') + "\n";    // 30 bytes
    put(file, header);
    {
        FileSizeLimit limit(115);  // the header, two lines and half of the third
        put(file, line + line + line + line);
        EXPECT_EQ(slurp(path), header + line + line);
        EXPECT_EQ(file.bytes(), 100u);
        EXPECT_EQ(file.dropped_lines(), 2u);
    }
    put(file, line);  // within the pause: dropped without trying
    EXPECT_EQ(file.dropped_lines(), 3u);
    EXPECT_EQ(outcomes, (std::vector<int>{0, EFBIG}));
    std::this_thread::sleep_for(1100ms);
    put(file, line);
    EXPECT_EQ(slurp(path), header + line + line + line);
    EXPECT_EQ(outcomes, (std::vector<int>{0, EFBIG, 0}));
}

TEST(SegmentFile, KeepsTheHeaderUntilItIsWritten) {
    TempDir dir;
    const std::string path = dir / "s.trace";
    SegmentFile file(path, [](int) {});
    const std::string header = std::string(39, 'h') + "\n";
    const std::string line = std::string(29, 'e') + "\n";
    {
        FileSizeLimit limit(10);
        put(file, header);
        EXPECT_EQ(slurp(path), "") << "no partial header";
        EXPECT_EQ(file.dropped_lines(), 0u) << "the header is not an event";
    }
    put(file, line);
    EXPECT_EQ(file.dropped_lines(), 1u);
    std::this_thread::sleep_for(1100ms);
    put(file, line);
    EXPECT_EQ(slurp(path), header + line);
}

// Reads a segment back the way summary does, counting what it holds.
struct SegmentContents : EventSink {
    TraceHeader header;
    uint64_t events = 0;
    std::optional<TraceFooter> footer;
    std::vector<std::string> warnings;
    void on_header(const TraceHeader& h) override { header = h; }
    void on_event(const Event&) override { ++events; }
    void on_footer(const TraceFooter& f) override { footer = f; }
    void on_warning(const std::string& w) override { warnings.push_back(w); }
};

SegmentContents read_segment(const std::string& path) {
    SegmentContents contents;
    trace::read_trace(path, contents);
    return contents;
}

Event sample_event(int64_t t) {
    Event e;
    e.t = t;
    e.pid = 42;
    e.comm = "ntpd";
    e.syscall = Syscall::sendto;
    e.fd = 17;
    e.ret = 48;
    e.len = 48;
    e.data.assign(48, 0x23);
    return e;
}

TraceHeader sample_header(int64_t start) {
    TraceHeader h;
    h.tool = "ntpscope test";
    h.host = "ntp1";
    h.start = start;
    return h;
}

TEST(SegmentWriter, EachHeaderOpensASegmentAndTheBudgetDeletesTheOldest) {
    TempDir dir;
    std::vector<std::string> infos;
    SegmentWriter writer(dir.path(), plan_segments("1h", "256K"),
                         {[&](const std::string& s) { infos.push_back(s); }, [](const std::string&) {}});
    std::vector<std::string> paths;
    for (int segment = 0; segment < 3; ++segment) {
        const int64_t start = k20261206T193000Z + segment * 60'000'000'000LL;
        writer.write_header(sample_header(start));
        paths.push_back(writer.current_path());
        // About 200 KB each: two segments do not fit in 256 KiB.
        for (int i = 0; i < 1000; ++i) writer.write_event(sample_event(start + i));
        writer.flush();
        writer.write_footer({start + 1000, 1000, 0});
    }
    EXPECT_EQ(paths[0], dir / "ntpscope-ntp1-20261206T193000Z.trace");
    EXPECT_EQ(paths[1], dir / "ntpscope-ntp1-20261206T193100Z.trace");
    EXPECT_FALSE(std::filesystem::exists(paths[0]));
    EXPECT_FALSE(std::filesystem::exists(paths[1]));
    EXPECT_TRUE(std::filesystem::exists(paths[2]));
    SegmentContents last = read_segment(paths[2]);
    EXPECT_EQ(last.events, 1000u);
    ASSERT_TRUE(last.footer);
    EXPECT_EQ(last.footer->events, 1000u);
    EXPECT_TRUE(last.warnings.empty());
    EXPECT_NE(std::find(infos.begin(), infos.end(),
                        "deleted the oldest segment " + dir.path() + "/ntpscope-ntp1-20261206T193000Z.trace to stay "
                                                                     "within --max-disk"),
              infos.end());
}

TEST(SegmentWriter, SegmentsStartedInTheSameSecondGetOrderedNames) {
    TempDir dir;
    SegmentWriter writer(dir.path(), plan_segments("1h", ""), {[](const std::string&) {}, [](const std::string&) {}});
    writer.write_header(sample_header(k20261206T193000Z));
    writer.write_footer({k20261206T193000Z, 0, 0});
    writer.write_header(sample_header(k20261206T193000Z + 500'000'000));
    EXPECT_EQ(writer.current_path(), dir / "ntpscope-ntp1-20261206T193001Z.trace");
}

TEST(SegmentWriter, EventsARefusedDiskDroppedAreLostInTheFooterAndTheSegmentStaysValid) {
    TempDir dir;
    std::vector<std::string> warnings;
    SegmentWriter writer(dir.path(), plan_segments("1h", ""),
                         {[](const std::string&) {}, [&](const std::string& s) { warnings.push_back(s); }});
    writer.write_header(sample_header(k20261206T193000Z));
    writer.flush();
    for (int i = 0; i < 100; ++i) writer.write_event(sample_event(k20261206T193000Z + i));
    writer.flush();
    const uint64_t size = std::filesystem::file_size(writer.current_path());
    {
        FileSizeLimit limit(size + 1000);  // a few more events, then a cut line
        for (int i = 0; i < 100; ++i) writer.write_event(sample_event(k20261206T193000Z + 100 + i));
        writer.flush();
        for (int i = 0; i < 100; ++i) writer.write_event(sample_event(k20261206T193000Z + 200 + i));
        writer.flush();
    }
    ASSERT_EQ(warnings.size(), 1u) << "one line for the whole pause";
    EXPECT_NE(warnings[0].find("File too large: writing paused"), std::string::npos) << warnings[0];
    const uint64_t dropped = writer.dropped();
    EXPECT_GT(dropped, 100u);
    EXPECT_LT(dropped, 200u);
    std::this_thread::sleep_for(1100ms);
    writer.write_footer({k20261206T193000Z + 300, 300, 2});

    SegmentContents contents = read_segment(dir / "ntpscope-ntp1-20261206T193000Z.trace");
    ASSERT_TRUE(contents.footer);
    EXPECT_EQ(contents.events, 300 - dropped);
    EXPECT_EQ(contents.footer->events, 300 - dropped);
    EXPECT_EQ(contents.footer->lost, 2 + dropped);
    EXPECT_EQ(contents.warnings.size(), 1u) << "only the loss, no cut line nor count mismatch";
}

}  // namespace
}  // namespace ntpscope::app
