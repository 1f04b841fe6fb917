// The uprobes' targets, read from this machine's own C library.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>

#include "probe/libc_functions.hpp"

using namespace ntpscope;

TEST(LibcFunctions, FindsEveryWrapperOnceAndErrnosSlot) {
    const auto libc = probe::find_libc_functions();
    ASSERT_TRUE(libc) << "this process maps a glibc";
    std::vector<std::string> names;
    for (const auto& f : libc->clock) {
        names.push_back(f.name);
        EXPECT_NE(f.offset, 0u) << f.name;
        for (const auto& g : libc->clock)
            if (&f != &g) EXPECT_NE(f.vaddr, g.vaddr) << f.name << " and " << g.name << " are one function";
    }
    for (const char* name : {"adjtimex", "clock_adjtime", "clock_settime", "settimeofday"})
        EXPECT_NE(std::find(names.begin(), names.end(), name), names.end()) << name;
    ASSERT_EQ(libc->mmsg.size(), 2u);
    EXPECT_EQ(libc->mmsg[0].name, "recvmmsg");
    EXPECT_EQ(libc->mmsg[1].name, "sendmmsg");
    EXPECT_NE(libc->mmsg[0].vaddr, libc->mmsg[1].vaddr);
#if defined(__x86_64__)
    EXPECT_NE(libc->errno_got_vaddr, 0u) << "glibc's __errno_location has the shape the BPF side reads";
#endif
}

TEST(LibcFunctions, RefusesAFileThatIsNoLibrary) {
    const std::string path = ::testing::TempDir() + "not-elf";
    std::ofstream(path) << "hello";
    EXPECT_FALSE(probe::read_libc_functions(path));
    EXPECT_FALSE(probe::read_libc_functions("/nonexistent/libc.so.6"));
}
