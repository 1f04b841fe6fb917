#include "core/trace/line_reader.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/model/error.hpp"
#include "trace_test_util.hpp"

namespace ntpscope::test {
namespace {

struct Line {
    std::string text;
    uint64_t number;
    bool terminated;
    bool operator==(const Line&) const = default;
};

std::vector<Line> all_lines(const TempFile& file) {
    trace::LineReader reader(file.path());
    std::vector<Line> lines;
    while (auto line = reader.next()) {
        // The promise simdjson relies on: a '\n' right after the line, then readable padding.
        EXPECT_EQ(line->data()[line->size()], '\n');
        lines.push_back({std::string(*line), reader.line_number(), reader.terminated()});
    }
    return lines;
}

TEST(LineReader, SplitsLinesAndFlagsAnUnterminatedLastLine) {
    TempFile file("lines.txt");
    file.write("one\n\ntwo\r\nthree");
    EXPECT_EQ(all_lines(file), (std::vector<Line>{{"one", 1, true}, {"", 2, true}, {"two\r", 3, true},
                                                  {"three", 4, false}}));
}

TEST(LineReader, EmptyFileHasNoLines) {
    TempFile file("empty.txt");
    file.write("");
    EXPECT_TRUE(all_lines(file).empty());
    trace::LineReader reader(file.path());
    EXPECT_EQ(reader.head(64), "");
}

TEST(LineReader, HeadDoesNotConsume) {
    TempFile file("head.txt");
    file.write("first line\nsecond\n");
    trace::LineReader reader(file.path());
    EXPECT_EQ(reader.head(5), "first");
    EXPECT_EQ(reader.head(100), "first line\nsecond\n");
    EXPECT_EQ(reader.next(), "first line");
}

TEST(LineReader, LinesAcrossManyBufferRefillsComeOutWhole) {
    TempFile file("many.txt");
    std::string text;
    std::vector<Line> expected;
    for (uint64_t i = 1; text.size() < (size_t{9} << 20); ++i) {  // over two buffers' worth
        std::string line(i % 997, static_cast<char>('a' + i % 26));
        text += line + "\n";
        expected.push_back({line, i, true});
    }
    file.write(text);
    EXPECT_EQ(all_lines(file), expected);
}

TEST(LineReader, ALineLongerThanTheBufferIsReadWhole) {
    TempFile file("long.txt");
    const std::string long_line(size_t{10} << 20, 'x');
    file.write("a\n" + long_line + "\nb");
    const auto lines = all_lines(file);
    ASSERT_EQ(lines.size(), 3u);
    EXPECT_EQ(lines[1].text.size(), long_line.size());
    EXPECT_EQ(lines[2], (Line{"b", 3, false}));
}

TEST(LineReader, AbsurdlyLongLineIsAnInputError) {
    TempFile file("absurd.txt");
    file.write("ok\n" + std::string(trace::LineReader::kMaxLine + 1, 'x'));
    trace::LineReader reader(file.path());
    EXPECT_EQ(reader.next(), "ok");
    try {
        reader.next();
        FAIL() << "no error";
    } catch (const InputError& e) {
        EXPECT_EQ(std::string(e.what()), file.path() + ":2: line longer than 64 MiB");
    }
}

TEST(LineReader, DirectoryCannotBeRead) {
    trace::LineReader reader(::testing::TempDir());
    try {
        reader.next();
        FAIL() << "no error";
    } catch (const InputError& e) {
        EXPECT_EQ(std::string(e.what()), ::testing::TempDir() + ": cannot read: Is a directory");
    }
}

}  // namespace
}  // namespace ntpscope::test
