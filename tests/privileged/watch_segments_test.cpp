// `watch` on a real NTPsec client: segments rotate by time and on SIGHUP, each one reads back
// with `summary` and holds the client's real exchanges, a kill -9 leaves every segment valid
// with only the last one footerless (and summary says so), and --max-disk deletes the oldest.
#include <gtest/gtest.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <thread>

#include "core/ntp/packet.hpp"
#include "daemon_lab.hpp"

namespace ntpscope::test {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

class SegmentDir {
public:
    SegmentDir() : path_(temp_path("watch-segments")) { fs::create_directories(path_); }
    ~SegmentDir() {
        std::error_code ignored;
        fs::remove_all(path_, ignored);
    }
    const std::string& path() const { return path_; }
    // Segment paths, oldest first (their names sort by start).
    std::vector<std::string> segments() const {
        std::vector<std::string> paths;
        for (const auto& entry : fs::directory_iterator(path_))
            if (entry.path().extension() == ".trace") paths.push_back(entry.path().string());
        std::sort(paths.begin(), paths.end());
        return paths;
    }
    // Waits until there are at least `count` segments; false after `timeout`.
    bool await_segments(size_t count, std::chrono::milliseconds timeout) const {
        for (auto deadline = std::chrono::steady_clock::now() + timeout; std::chrono::steady_clock::now() < deadline;
             std::this_thread::sleep_for(100ms))
            if (segments().size() >= count) return true;
        return false;
    }

private:
    std::string path_;
};

// `ntpscope summary PATH`: its exit status, and stderr and stdout together.
std::pair<int, std::string> summary(const std::string& path) {
    Child run({"/bin/sh", "-c", std::string(NTPSCOPE_BIN) + " summary '" + path + "' 2>&1"});
    std::string output;
    for (const auto& line : run.read_all_lines(20s)) output += line + "\n";
    return {run.wait(20s), output};
}

// Client requests to the lab's server in a segment's events.
size_t requests_to_server(const Trace& t) {
    size_t requests = 0;
    for (const auto& e : t.events) {
        if (!is_send(e.syscall) || e.failed() || !e.addr) continue;
        auto p = ntp::decode(e.data, e.len);
        if (p.kind == ntp::Kind::ntp && p.mode == ntp::Mode::client &&
            e.addr->to_string() == std::string(NtpsecPair::kServerIp) + ":123")
            ++requests;
    }
    return requests;
}

bool await_file_in(const std::string& dir, const std::string& extension, std::chrono::milliseconds timeout) {
    for (auto deadline = std::chrono::steady_clock::now() + timeout; std::chrono::steady_clock::now() < deadline;
         std::this_thread::sleep_for(100ms))
        for (const auto& entry : fs::directory_iterator(dir))
            if (entry.path().extension() == extension) return true;
    return false;
}

std::vector<std::string> watch_args(const NtpsecPair& lab, const SegmentDir& dir, const std::string& segment,
                                    const std::string& max_disk) {
    return {NTPSCOPE_BIN, "watch", "--pid", std::to_string(lab.client_pid()), "--dir", dir.path(),
            "--segment", segment, "--max-disk", max_disk, "-q"};
}

TEST(WatchSegments, RotateOnTimeAndSighupEachReadingBackWithRealExchanges) {
    NTPSCOPE_REQUIRE_BPF();
    SegmentDir dir;
    NtpsecPair lab;
    Child watch(watch_args(lab, dir, "8s", "1G"), false);
    ASSERT_TRUE(dir.await_segments(1, 20s)) << "watch wrote no segment";
    wait_for_header(dir.segments()[0]);
    // The first segment ends once it holds an exchange (flushed once a second).
    for (auto deadline = std::chrono::steady_clock::now() + 20s;
         requests_to_server(load_trace(dir.segments()[0])) == 0 && std::chrono::steady_clock::now() < deadline;)
        std::this_thread::sleep_for(200ms);
    watch.signal(SIGHUP);
    ASSERT_TRUE(dir.await_segments(2, 3s)) << "SIGHUP starts the next segment at once, long before 8 s";
    ASSERT_TRUE(dir.await_segments(3, 15s)) << "--segment 8s starts another";
    std::this_thread::sleep_for(3s);
    watch.signal(SIGTERM);
    ASSERT_EQ(watch.wait(20s), 0);

    const auto segments = dir.segments();
    ASSERT_GE(segments.size(), 3u);
    size_t requests = 0;
    for (const auto& path : segments) {
        SCOPED_TRACE(path);
        EXPECT_NE(fs::path(path).filename().string().find("ntpscope-"), std::string::npos);
        EXPECT_EQ(fs::status(path).permissions() & fs::perms::all, fs::perms::owner_read | fs::perms::owner_write);
        Trace t = load_trace(path);
        EXPECT_TRUE(t.has_footer) << "SIGTERM and rotation close every segment with its footer";
        EXPECT_EQ(t.footer.events, t.events.size());
        ASSERT_FALSE(t.header.targets.empty());
        EXPECT_EQ(t.header.targets[0].pid, static_cast<uint32_t>(lab.client_pid()));
        EXPECT_TRUE(t.warnings.empty()) << t.warnings.front();
        EXPECT_FALSE(t.events.empty());
        auto [status, output] = summary(path);
        EXPECT_EQ(status, 0) << output;
        const size_t in_segment = requests_to_server(t);
        // The last segment lasts 3 s and may fall between two polls.
        if (path != segments.back()) {
            EXPECT_GT(in_segment, 0u);
        }
        if (in_segment) {
            EXPECT_NE(output.find(NtpsecPair::kServerIp), std::string::npos) << output;
        }
        requests += in_segment;
    }
    // minpoll 0: a request every ~2 s over 11 s or more.
    EXPECT_GE(requests, 4u);
    // Segments follow each other: each starts after the previous one's events.
    for (size_t i = 1; i < segments.size(); ++i) {
        Trace before = load_trace(segments[i - 1]), after = load_trace(segments[i]);
        EXPECT_LE(before.footer.end, after.header.start);
    }
}

TEST(WatchSegments, KillNineLeavesValidSegmentsAndOnlyTheLastFooterlessWhichSummaryNames) {
    NTPSCOPE_REQUIRE_BPF();
    SegmentDir dir;
    NtpsecPair lab;
    Child watch(watch_args(lab, dir, "5s", "1G"), false);
    ASSERT_TRUE(dir.await_segments(2, 25s));
    // Long enough into the second segment for its first flush (once a second) with events.
    std::this_thread::sleep_for(3s);
    watch.signal(SIGKILL);
    watch.wait(10s);

    const auto segments = dir.segments();
    ASSERT_GE(segments.size(), 2u);
    for (size_t i = 0; i + 1 < segments.size(); ++i) {
        Trace t = load_trace(segments[i]);
        EXPECT_TRUE(t.has_footer) << segments[i];
        EXPECT_EQ(summary(segments[i]).first, 0);
    }
    Trace last = load_trace(segments.back());
    EXPECT_FALSE(last.has_footer);
    EXPECT_GT(last.events.size(), 0u) << "the events flushed before the kill are there";
    auto [status, output] = summary(segments.back());
    EXPECT_EQ(status, 0) << output;
    EXPECT_NE(output.find("no footer: the recording was cut short"), std::string::npos) << output;
}

TEST(WatchSegments, MaxDiskDeletesTheOldestSegmentsNeverOtherFiles) {
    NTPSCOPE_REQUIRE_BPF();
    SegmentDir dir;
    // 270 KiB before the new segment starts: over a 256 KiB budget until the oldest goes.
    const std::string oldest = dir.path() + "/ntpscope-old-20200101T000000Z.trace";
    const std::string older = dir.path() + "/ntpscope-old-20200101T010000Z.trace";
    const std::string notes = dir.path() + "/notes.txt";
    std::ofstream(oldest) << std::string(150 * 1024, 'x');
    std::ofstream(older) << std::string(80 * 1024, 'x');
    std::ofstream(notes) << std::string(40 * 1024, 'x');
    NtpsecPair lab;
    // Also: watch takes record's --attach.
    std::vector<std::string> args = watch_args(lab, dir, "1h", "256K");
    args.insert(args.end(), {"--attach", "syscall"});
    Child watch(args, false);
    ASSERT_TRUE(dir.await_segments(1, 20s));
    for (auto deadline = std::chrono::steady_clock::now() + 10s;
         fs::exists(oldest) && std::chrono::steady_clock::now() < deadline;)
        std::this_thread::sleep_for(100ms);
    EXPECT_FALSE(fs::exists(oldest)) << "the oldest segment is deleted";
    EXPECT_TRUE(fs::exists(older)) << "only as many as needed";
    EXPECT_TRUE(fs::exists(notes)) << "files that are not segments are never deleted";
    watch.signal(SIGTERM);
    ASSERT_EQ(watch.wait(20s), 0);
    const auto segments = dir.segments();
    ASSERT_EQ(segments.size(), 2u);
    ASSERT_EQ(std::count(segments.begin(), segments.end(), older), 1);
    const Trace written = load_trace(segments[0] == older ? segments[1] : segments[0]);
    EXPECT_TRUE(written.has_footer);
    EXPECT_EQ(written.header.attach, "syscall");
}

std::string read_text(const std::string& path) {
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

// A process that comes and goes, for `watch --comm`: a copy of ntp_pattern under a name of its
// own, so that nothing else on the machine matches, in its burst mode in a namespace of its own.
class BurstProgram {
public:
    BurstProgram(const SegmentDir& dir, const std::string& stem)
        : name_(stem + std::to_string(getpid() % 100000)), path_(dir.path() + "/" + name_) {
        fs::copy_file(NTP_PATTERN_BIN, path_);
    }
    const std::string& name() const { return name_; }
    // Started, it waits for finish() to make its `calls` sendto calls and exit.
    std::unique_ptr<Child> start(int calls) const {
        auto prog = std::make_unique<Child>(
            std::vector<std::string>{"ip", "netns", "exec", ns_.name(), path_, "burst", std::to_string(calls)});
        prog->read_line();
        return prog;
    }
    static void finish(Child& prog, int calls) {
        prog.write_line("go");
        EXPECT_EQ(prog.read_line(30s), "done " + std::to_string(calls));
        EXPECT_EQ(prog.wait(10s), 0);
    }
    // `watch --comm NAME --dir DIR`, its stderr in `log`.
    std::unique_ptr<Child> watch(const std::string& dir, const std::string& log) const {
        return std::make_unique<Child>(std::vector<std::string>{"/bin/sh", "-c",
                                                                "exec " + std::string(NTPSCOPE_BIN) + " watch --comm " +
                                                                    name_ + " --dir " + dir + " 2> " + log},
                                       false);
    }

private:
    NetNs ns_;
    std::string name_;
    std::string path_;
};

TEST(WatchSegments, FollowsARestartedProcessByNameAndTheNextSegmentNamesItsNewPid) {
    NTPSCOPE_REQUIRE_BPF();
    SegmentDir dir;
    BurstProgram program(dir, "wseg");
    const std::string log = dir.path() + "/watch.log";
    auto watch = program.watch(dir.path(), log);
    ASSERT_TRUE(dir.await_segments(1, 20s));
    wait_for_header(dir.segments()[0]);
    auto first = program.start(20);
    BurstProgram::finish(*first, 20);
    // The restarted process is alive when the next segment starts, and makes its calls in it.
    auto second = program.start(20);
    std::this_thread::sleep_for(1500ms);
    watch->signal(SIGHUP);
    ASSERT_TRUE(dir.await_segments(2, 5s));
    BurstProgram::finish(*second, 20);
    std::this_thread::sleep_for(1500ms);
    watch->signal(SIGTERM);
    ASSERT_EQ(watch->wait(20s), 0);

    const std::string text = read_text(log);
    // `ip netns exec` execs the program in the child's pid.
    for (pid_t pid : {first->pid(), second->pid()})
        EXPECT_NE(text.find("daemon started: " + program.name() + " pid " + std::to_string(pid)), std::string::npos)
            << text;
    const auto segments = dir.segments();
    ASSERT_EQ(segments.size(), 2u);
    auto sendto_calls = [](const Trace& t, pid_t pid) {
        return std::count_if(t.events.begin(), t.events.end(), [&](const Event& e) {
            return e.pid == static_cast<uint32_t>(pid) && e.syscall == Syscall::sendto;
        });
    };
    Trace before = load_trace(segments[0]), after = load_trace(segments[1]);
    EXPECT_EQ(sendto_calls(before, first->pid()), 20) << "every call of the first run";
    EXPECT_EQ(sendto_calls(after, second->pid()), 20) << "and of the restarted one, in the next segment";
    ASSERT_EQ(after.header.targets.size(), 1u);
    EXPECT_EQ(after.header.targets[0].pid, static_cast<uint32_t>(second->pid()));
    EXPECT_EQ(after.header.targets[0].comm, program.name());
    EXPECT_TRUE(before.has_footer);
    EXPECT_TRUE(after.has_footer);
}

// A 512 KiB tmpfs over the segment directory: a disk that fills up. Unmounted on scope exit.
class SmallDisk {
public:
    explicit SmallDisk(const std::string& dir) : dir_(dir) {
        if (mount("tmpfs", dir.c_str(), "tmpfs", 0, "size=512k,mode=0700") != 0)
            throw std::runtime_error("mounting a tmpfs on " + dir + " failed");
    }
    ~SmallDisk() { umount2(dir_.c_str(), MNT_DETACH); }
    SmallDisk(const SmallDisk&) = delete;
    SmallDisk& operator=(const SmallDisk&) = delete;

private:
    std::string dir_;
};

size_t count_of(const std::string& text, const std::string& what) {
    size_t n = 0;
    for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
    return n;
}

TEST(WatchSegments, AFullDiskPausesWithOneLineResumesAndTheSegmentStaysValid) {
    NTPSCOPE_REQUIRE_BPF();
    SegmentDir dir;
    const std::string disk = dir.path() + "/disk";
    fs::create_directories(disk);
    SmallDisk small(disk);
    const std::string filler = disk + "/filler";
    std::ofstream(filler) << std::string(256 * 1024, 'x');
    BurstProgram program(dir, "wfull");
    const std::string log = dir.path() + "/watch.log";
    auto watch = program.watch(disk, log);
    ASSERT_TRUE(await_file_in(disk, ".trace", 20s));
    // About 5 MB of events into 256 KiB of space.
    BurstProgram::finish(*program.start(20000), 20000);
    std::this_thread::sleep_for(2500ms);
    fs::remove(filler);
    auto after = program.start(20);
    BurstProgram::finish(*after, 20);
    std::this_thread::sleep_for(2500ms);
    watch->signal(SIGTERM);
    ASSERT_EQ(watch->wait(20s), 0);

    const std::string text = read_text(log);
    EXPECT_EQ(count_of(text, "No space left on device: writing paused"), 1u) << text;
    EXPECT_EQ(count_of(text, "writing resumed"), 1u) << text;
    std::vector<std::string> segments;
    for (const auto& entry : fs::directory_iterator(disk))
        if (entry.path().extension() == ".trace") segments.push_back(entry.path().string());
    ASSERT_EQ(segments.size(), 1u);
    Trace t = load_trace(segments[0]);
    ASSERT_TRUE(t.has_footer) << "written once there was room again";
    EXPECT_EQ(t.footer.events, t.events.size());
    EXPECT_GT(t.footer.lost, 1000u) << "what the full disk dropped is counted as lost";
    // Every call is written or counted: 20020 sendto, each run's exec and exit, and on the socket
    // path each run's first sight of its socket.
    EXPECT_GE(t.events.size() + t.footer.lost, 20000u + 20u + 4u);
    EXPECT_LE(t.events.size() + t.footer.lost, 20000u + 20u + 4u + 2u);
    EXPECT_EQ(std::count_if(t.events.begin(), t.events.end(),
                            [&](const Event& e) {
                                return e.pid == static_cast<uint32_t>(after->pid()) && e.syscall == Syscall::sendto;
                            }),
              20)
        << "the calls after the disk had room again are all there";
    ASSERT_EQ(t.warnings.size(), 1u) << "the loss, and no cut line";
}

}  // namespace
}  // namespace ntpscope::test
