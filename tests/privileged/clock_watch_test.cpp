// Who touches the clock: uprobes on the C library see the clock calls of every process, not only
// the recorded daemon. Driven by tests/testprogs/clock_caller, which calls without CAP_SYS_TIME
// so that the kernel refuses every write: the machine's clock is never changed.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/timex.h>

#include <algorithm>
#include <map>
#include <sstream>

#include "core/model/errno_names.hpp"
#include "support.hpp"

namespace ntpscope::test {
namespace {

struct CallerLine {
    std::string call;
    long ret = 0;
    int err = 0;
};

// "call=settimeofday ret=-1 errno=1" lines, up to "done".
std::vector<CallerLine> caller_lines(Child& caller) {
    std::vector<CallerLine> out;
    for (std::string line = caller.read_line(); line != "done"; line = caller.read_line()) {
        std::map<std::string, std::string> f;
        std::istringstream in(line);
        for (std::string word; in >> word;)
            if (auto eq = word.find('='); eq != std::string::npos) f[word.substr(0, eq)] = word.substr(eq + 1);
        if (f.count("error")) throw std::runtime_error("clock_caller: " + line);
        out.push_back({f.at("call"), std::stol(f.at("ret")), std::stoi(f.at("errno"))});
    }
    return out;
}

std::vector<Event> clock_events_of(const Trace& t, pid_t pid) {
    std::vector<Event> out;
    for (const Event& e : t.events)
        if (e.pid == static_cast<uint32_t>(pid) && is_clock(e.syscall)) out.push_back(e);
    return out;
}

class ClockWatchTest : public ::testing::Test {
protected:
    void SetUp() override { NTPSCOPE_REQUIRE_BPF(); }
    void TearDown() override { std::remove(trace_.c_str()); }

    // Records `target` while clock_caller runs, and returns the trace and the caller's account.
    Trace record_while_calling(pid_t target, Child& caller, std::vector<CallerLine>& calls) {
        Child rec({NTPSCOPE_BIN, "record", "--pid", std::to_string(target), "-o", trace_, "-q"}, false);
        wait_for_header(trace_);
        caller.write_line("go");
        calls = caller_lines(caller);
        EXPECT_EQ(caller.wait(), 0);
        rec.signal(SIGINT);
        EXPECT_EQ(rec.wait(), 0);
        return load_trace(trace_);
    }

    std::string trace_ = temp_path("clock-watch");
};

TEST_F(ClockWatchTest, SeesAnotherProcessesRefusedClockCallsWithPidCommAndErrno) {
    Child target({"sleep", "60"}, false);
    Child caller({CLOCK_CALLER_BIN});
    std::vector<CallerLine> calls;
    Trace t = record_while_calling(target.pid(), caller, calls);

    const std::vector<Event> seen = clock_events_of(t, caller.pid());
    ASSERT_EQ(calls.size(), 4u);
    ASSERT_EQ(seen.size(), calls.size()) << "each libc call once: the inner wrapper it calls is not counted again";
    const Syscall expected[] = {Syscall::adjtimex, Syscall::clock_adjtime, Syscall::settimeofday,
                                Syscall::clock_adjtime};
    for (size_t i = 0; i < calls.size(); ++i) {
        const Event& e = seen[i];
        SCOPED_TRACE(calls[i].call);
        EXPECT_EQ(e.syscall, expected[i]);
        EXPECT_EQ(e.via, Via::libc);
        EXPECT_EQ(e.comm, "clock_caller");
        EXPECT_EQ(e.err, calls[i].err);
        EXPECT_EQ(e.ret, calls[i].err ? -calls[i].err : calls[i].ret);
    }
    EXPECT_EQ(errno_name(seen[1].err), "EPERM");
    EXPECT_EQ(errno_name(seen[2].err), "EPERM");
    EXPECT_EQ(errno_name(seen[3].err), "EINVAL");  // read from the thread's errno, not guessed
    ASSERT_TRUE(seen[1].timex);
    EXPECT_EQ(seen[1].timex->modes, uint32_t{ADJ_FREQUENCY});
    EXPECT_EQ(seen[3].clock, 12345);
    ASSERT_TRUE(seen[2].set_time);
    EXPECT_LT(std::llabs(*seen[2].set_time - seen[2].t), 2'000'000'000LL);

    // The summary lists it as a process other than the daemon that tried to change the clock.
    Child summary({NTPSCOPE_BIN, "summary", trace_});
    const std::vector<std::string> lines = summary.read_all_lines();
    const auto row = std::find_if(lines.begin(), lines.end(), [&](const std::string& l) {
        return l.find(std::to_string(caller.pid())) != std::string::npos && l.find("clock_caller") != std::string::npos;
    });
    ASSERT_NE(row, lines.end());
    EXPECT_NE(row->find("other"), std::string::npos) << *row;
    EXPECT_NE(row->find("EPERM"), std::string::npos) << *row;
}

TEST_F(ClockWatchTest, TheTargetsOwnClockCallsAreRecordedOnceAtTheSyscall) {
    Child caller({CLOCK_CALLER_BIN});
    std::vector<CallerLine> calls;
    Trace t = record_while_calling(caller.pid(), caller, calls);
    const std::vector<Event> seen = clock_events_of(t, caller.pid());
    ASSERT_EQ(seen.size(), calls.size());
    for (size_t i = 0; i < seen.size(); ++i) {
        EXPECT_NE(seen[i].via, Via::libc);
        EXPECT_EQ(seen[i].err, calls[i].err);
    }
}

}  // namespace
}  // namespace ntpscope::test
