// Values quoted into the reader's error messages, which go to a terminal as they are.
#include <gtest/gtest.h>

#include <string>

#include "core/trace/json_lines.hpp"

namespace ntpscope::test {
namespace {

TEST(QuoteValue, NoControlCharacterReachesTheMessage) {
    // Found by the trace_reader fuzzer: DEL (legal unescaped in JSON) was quoted as it is.
    EXPECT_EQ(trace::quote_value("[::1]:\x7f" "23"), R"("[::1]:\u007f23")");
    EXPECT_EQ(trace::quote_value("\x1b]0;owned\x07\r\n"), R"("\u001b]0;owned\u0007\r\n")");
    for (int c = 0; c < 0x80; ++c) {
        const std::string quoted = trace::quote_value(std::string(1, static_cast<char>(c)));
        for (char q : quoted) EXPECT_TRUE(q >= 0x20 && q != 0x7f) << "byte " << c << " gave " << quoted;
    }
}

TEST(QuoteValue, LongValuesAreCutShort) {
    EXPECT_EQ(trace::quote_value(std::string(50, 'x')), "\"" + std::string(40, 'x') + "...\"");
}

}  // namespace
}  // namespace ntpscope::test
