#include "core/json/json_writer.hpp"

#include <gtest/gtest.h>
#include <simdjson.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <string>
#include <vector>

namespace ntpscope::json {
namespace {

std::string escaped(std::string_view text) {
    std::string out;
    append_string(out, text);
    return out;
}

// What a conforming JSON parser makes of `json`, a quoted string; fails the test if it rejects it.
std::string parse_string(const std::string& json) {
    simdjson::dom::parser parser;
    std::string_view value;
    auto error = parser.parse(json).get(value);
    EXPECT_EQ(error, simdjson::SUCCESS) << json;
    return std::string(value);
}

TEST(JsonWriter, CommasBetweenMembersAndElementsAtEveryLevel) {
    std::string out;
    Writer w(out);
    w.begin_object();
    w.key("a").number(1);
    w.key("b").begin_array().number(2).string("x").begin_object().end_object().begin_array().end_array().end_array();
    w.key("c").begin_object().key("d").null().key("e").boolean(false).end_object();
    w.key("f").boolean(true);
    w.end_object();
    EXPECT_EQ(out, R"({"a":1,"b":[2,"x",{},[]],"c":{"d":null,"e":false},"f":true})");
}

TEST(JsonWriter, AppendsToWhatIsAlreadyInTheString) {
    std::string out = "prefix ";
    Writer(out).begin_array().number(1).end_array();
    EXPECT_EQ(out, "prefix [1]");
}

TEST(JsonWriter, IntegersKeepTheirFullRange) {
    std::string out;
    Writer w(out);
    w.begin_array()
        .number(std::numeric_limits<int64_t>::min())
        .number(std::numeric_limits<int64_t>::max())
        .number(std::numeric_limits<uint64_t>::max())
        .number(uint8_t{255})
        .number(int16_t{-7})
        .end_array();
    EXPECT_EQ(out, "[-9223372036854775808,9223372036854775807,18446744073709551615,255,-7]");
}

TEST(JsonWriter, DoublesReadBackExactlyAndNonFiniteBecomesNull) {
    std::string out;
    Writer w(out);
    w.begin_array()
        .number(0.1)
        .number(-2.5e-300)
        .number(1e300)
        .number(std::nan(""))
        .number(std::numeric_limits<double>::infinity())
        .end_array();
    EXPECT_EQ(out, "[0.1,-2.5e-300,1e+300,null,null]");
    simdjson::dom::parser parser;
    simdjson::dom::array array;
    ASSERT_EQ(parser.parse(out).get(array), simdjson::SUCCESS);
    EXPECT_EQ(double(array.at(1)), -2.5e-300);
}

TEST(JsonWriter, HexIsLowercaseTwoDigitsPerByte) {
    std::string out;
    const std::vector<uint8_t> bytes = {0x00, 0x0f, 0xa0, 0xff, 0x1b};
    Writer(out).hex(bytes);
    EXPECT_EQ(out, R"("000fa0ff1b")");
    out.clear();
    Writer(out).hex({});
    EXPECT_EQ(out, R"("")");
}

// Long payloads go through sixteen bytes at a time, the tail byte by byte: every byte value at
// every position, for lengths around the block size.
TEST(JsonWriter, HexOfEveryByteValueAtEveryLength) {
    std::vector<uint8_t> bytes(300);
    for (size_t i = 0; i < bytes.size(); ++i) bytes[i] = static_cast<uint8_t>(i * 7 + i / 256);
    for (size_t length : {15u, 16u, 17u, 31u, 32u, 33u, 48u, 68u, 300u}) {
        const char* digits = "0123456789abcdef";
        std::string expected(1, '"');
        for (size_t i = 0; i < length; ++i) {
            expected.push_back(digits[bytes[i] >> 4]);
            expected.push_back(digits[bytes[i] & 0xf]);
        }
        expected.push_back('"');
        std::string out;
        append_hex(out, std::span<const uint8_t>(bytes.data(), length));
        EXPECT_EQ(out, expected) << length;
    }
}

TEST(JsonWriter, RawValueIsInsertedWithCommas) {
    std::string out;
    Writer(out).begin_array().raw(R"({"x":1})").raw("2").end_array();
    EXPECT_EQ(out, R"([{"x":1},2])");
}

TEST(JsonWriter, RawStringIsQuotedAsItIsWithCommas) {
    std::string out;
    Writer(out).begin_array().raw_string("10.0.0.1:123").raw_string("").end_array();
    EXPECT_EQ(out, R"(["10.0.0.1:123",""])");
}

// The same calls on both outputs; a Buffer starts tiny so every kind of value makes it grow.
template <class Out>
void write_everything(Out& out) {
    const std::vector<uint8_t> bytes(300, 0xab);
    BasicWriter<Out> w(out);
    w.begin_object();
    w.key("we\"ird").string("caf\xc3\xa9 \xff\n");
    w.raw_key("n").begin_array().number(-1).number(std::numeric_limits<uint64_t>::max()).number(0.25).end_array();
    w.raw_key("hex").hex(bytes);
    w.raw_key("ip").raw_string("[fe80::1]:123");
    w.raw_key("raw").raw(R"({"x":null})");
    w.raw_key("b").boolean(true);
    w.end_object();
}

TEST(JsonWriter, BufferOutputIsByteForByteTheStringOutput) {
    std::string text;
    write_everything(text);
    Buffer buffer(1);
    write_everything(buffer);
    EXPECT_EQ(buffer.view(), text);
    std::string hex;
    for (int i = 0; i < 300; ++i) hex += "ab";
    EXPECT_EQ(text, "{\"we\\\"ird\":\"caf\xc3\xa9 \\ufffd\\n\",\"n\":[-1,18446744073709551615,0.25],\"hex\":\"" + hex +
                        "\",\"ip\":\"[fe80::1]:123\",\"raw\":{\"x\":null},\"b\":true}");
}

TEST(JsonBuffer, GrowsKeepingWhatItHoldsAndClears) {
    Buffer buffer(4);
    std::string expected;
    for (int i = 0; i < 1000; ++i) {
        const std::string piece = std::to_string(i) + ",";
        buffer.append(piece.data(), piece.size());
        expected += piece;
    }
    buffer.push_back('.');
    EXPECT_EQ(buffer.view(), expected + ".");
    buffer.clear();
    EXPECT_TRUE(buffer.empty());
    buffer.push_back('x');
    EXPECT_EQ(buffer.view(), "x");
}

TEST(JsonEscape, QuotesBackslashAndControlCharacters) {
    EXPECT_EQ(escaped("plain"), R"("plain")");
    EXPECT_EQ(escaped("a\"b\\c"), R"("a\"b\\c")");
    EXPECT_EQ(escaped("\n\r\t\b\f"), R"("\n\r\t\b\f")");
    EXPECT_EQ(escaped(std::string_view("\x00\x01\x1f", 3)), R"("\u0000\u0001\u001f")");
    EXPECT_EQ(escaped("\x7f"), "\"\x7f\"");  // DEL is legal JSON as it is
}

TEST(JsonEscape, KeysAreEscapedLikeValues) {
    std::string out;
    Writer(out).begin_object().key("we\"ird\n").number(1).end_object();
    EXPECT_EQ(out, R"({"we\"ird\n":1})");
}

TEST(JsonEscape, ValidUtf8PassesThrough) {
    const std::string text = "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x95\x90 \xef\xbf\xbd";
    EXPECT_EQ(escaped(text), "\"" + text + "\"");
    EXPECT_EQ(parse_string(escaped(text)), text);
}

TEST(JsonEscape, EachInvalidUtf8ByteBecomesAReplacementCharacter) {
    EXPECT_EQ(escaped("a\xff" "b"), R"("a\ufffdb")");
    EXPECT_EQ(escaped("\xe2\x82"), R"("\ufffd\ufffd")");          // cut in the middle of a character
    EXPECT_EQ(escaped("\xc0\xaf"), R"("\ufffd\ufffd")");          // overlong '/'
    EXPECT_EQ(escaped("\xed\xa0\x80"), R"("\ufffd\ufffd\ufffd")"); // UTF-16 surrogate
    EXPECT_EQ(escaped("\xf4\x90\x80\x80"), R"("\ufffd\ufffd\ufffd\ufffd")");  // above U+10FFFF
    EXPECT_EQ(escaped("\x80\xc3\xa9"), "\"\\ufffd\xc3\xa9\"");   // stray continuation, then é
}

TEST(JsonEscape, AnyBytesGiveValidJsonThatKeepsTheValidParts) {
    std::mt19937 random(42);
    std::uniform_int_distribution<int> byte(0, 255);
    std::uniform_int_distribution<int> length(0, 40);
    for (int round = 0; round < 2000; ++round) {
        std::string text(static_cast<size_t>(length(random)), '\0');
        for (char& c : text) c = static_cast<char>(byte(random));
        const std::string json = escaped(text);
        const std::string back = parse_string(json);
        // Only invalid bytes may change, and each becomes U+FFFD; ASCII always survives.
        std::string ascii_in, ascii_back;
        for (char c : text)
            if (static_cast<uint8_t>(c) < 0x80) ascii_in += c;
        for (char c : back)
            if (static_cast<uint8_t>(c) < 0x80) ascii_back += c;
        EXPECT_EQ(ascii_back, ascii_in) << json;
    }
}

}  // namespace
}  // namespace ntpscope::json
