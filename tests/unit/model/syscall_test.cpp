#include "core/model/syscall.hpp"

#include <gtest/gtest.h>

using namespace ntpscope;

TEST(Syscall, NamesRoundTripForEveryCall) {
    for (int i = 0; i < kSyscallCount; ++i) {
        auto s = static_cast<Syscall>(i);
        EXPECT_EQ(parse_syscall(syscall_name(s)), s) << syscall_name(s);
    }
    EXPECT_FALSE(parse_syscall("read"));
}

TEST(Syscall, ClassifiesDirections) {
    EXPECT_TRUE(is_receive(Syscall::recvmmsg));
    EXPECT_FALSE(is_receive(Syscall::sendto));
    EXPECT_TRUE(is_send(Syscall::sendmsg));
    EXPECT_TRUE(is_clock(Syscall::clock_adjtime));
    EXPECT_FALSE(is_clock(Syscall::close));
    EXPECT_TRUE(is_batch(Syscall::sendmmsg));
    EXPECT_FALSE(is_batch(Syscall::recvmsg));
}
