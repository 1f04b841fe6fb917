#include <sys/timex.h>

#include <gtest/gtest.h>

#include "core/kabi/timex_names.hpp"

namespace ntpscope::kabi {
namespace {

TEST(TimexNames, CompositeModeMatchesWhole) {
    EXPECT_EQ(join_flags(adj_mode_names(), ADJ_OFFSET_SINGLESHOT), "ADJ_OFFSET_SINGLESHOT");
    EXPECT_EQ(join_flags(adj_mode_names(), ADJ_OFFSET | ADJ_NANO), "ADJ_OFFSET|ADJ_NANO");
}

TEST(TimexNames, LeftoverBitsInHex) {
    EXPECT_EQ(join_flags(sta_status_names(), STA_UNSYNC | 0x30000), "STA_UNSYNC|0x30000");
    EXPECT_EQ(join_flags(sta_status_names(), 0x40000), "0x40000");
    EXPECT_EQ(join_flags(sta_status_names(), 0), "");
}

TEST(TimexNames, ZeroValuedNameNeverMatches) {
    constexpr NamedValue names[] = {{"NONE", 0}, {"ONE", 1}};
    EXPECT_EQ(join_flags(names, 1), "ONE");
}

TEST(TimexNames, StatusNamesInBitOrder) {
    ASSERT_EQ(sta_status_names().size(), 16u);
    for (size_t bit = 0; bit < 16; ++bit) EXPECT_EQ(sta_status_names()[bit].value, int64_t{1} << bit);
}

}  // namespace
}  // namespace ntpscope::kabi
