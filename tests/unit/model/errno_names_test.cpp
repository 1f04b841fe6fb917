#include "core/model/errno_names.hpp"

#include <gtest/gtest.h>

#include <cerrno>

using namespace ntpscope;

TEST(ErrnoNames, RoundTripsSymbolicNames) {
    EXPECT_EQ(errno_name(EAGAIN), "EAGAIN");
    EXPECT_EQ(parse_errno("EAGAIN"), EAGAIN);
    EXPECT_EQ(parse_errno("EWOULDBLOCK"), EAGAIN);
    EXPECT_EQ(parse_errno("ECONNREFUSED"), ECONNREFUSED);
}

TEST(ErrnoNames, UsesNumericFormForUnknownValues) {
    EXPECT_EQ(errno_name(4000), "E4000");
    EXPECT_EQ(parse_errno("E4000"), 4000);
    EXPECT_FALSE(parse_errno("E0"));
    EXPECT_FALSE(parse_errno("EBOGUS"));
    EXPECT_FALSE(parse_errno("AGAIN"));
}
