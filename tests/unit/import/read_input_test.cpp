// read_input: the kind of input is told by its content, never by its name.
#include <gtest/gtest.h>

#include <cstdio>

#include "core/model/error.hpp"
#include "core/trace/trace_writer.hpp"
#include "import_test_support.hpp"

namespace ntpscope::test {
namespace {

std::string error_of(const std::string& path) {
    try {
        import::detect_input(path);
    } catch (const InputError& e) {
        return e.what();
    }
    return "";
}

TEST(ReadInput, DetectsByContent) {
    TempDir dir;
    // Misleading names on purpose.
    std::string strace = dir.write("capture.pcap", read_bytes(fixture("strace/seed-excerpt-t.strace")));
    std::string pcap = dir.write("log.strace", read_bytes(fixture("pcap/ntpsec-client-eth.pcap")));
    std::string pcapng = dir.write("trace.jsonl", read_bytes(fixture("pcap/ntpsec-server-eth.pcapng")));
    EXPECT_EQ(import::detect_input(strace), import::InputKind::strace);
    EXPECT_EQ(import::detect_input(pcap), import::InputKind::pcap);
    EXPECT_EQ(import::detect_input(pcapng), import::InputKind::pcap);
    // strace's own message before the first call, as -p to stderr writes it.
    std::string attached = dir.write("a", "strace: Process 9434 attached\n11:00:00 close(3) = 0\n");
    EXPECT_EQ(import::detect_input(attached), import::InputKind::strace);
}

TEST(ReadInput, ReadsNativeTraces) {
    TempDir dir;
    std::string path = dir.file("host.trace");
    TraceHeader header;
    header.host = "good";
    Event event;
    event.t = 1700000000000000000;
    event.pid = event.tid = 7;
    event.syscall = Syscall::recvmsg;
    event.fd = 22;
    event.ret = 48;
    event.len = 48;
    event.data.assign(48, 0x24);
    {
        std::FILE* out = std::fopen(path.c_str(), "w");
        trace::TraceWriter writer(out);
        writer.write_header(header);
        writer.write_event(event);
        writer.write_footer({event.t, 1, 0});
        writer.flush();
        std::fclose(out);
    }
    EXPECT_EQ(import::detect_input(path), import::InputKind::trace);
    auto c = read_file(path);
    ASSERT_EQ(c.events.size(), 1u);
    EXPECT_EQ(c.events[0], event);
    EXPECT_EQ(c.header->host, "good");
}

TEST(ReadInput, OneLineErrors) {
    TempDir dir;
    std::string text = dir.write("notes.txt", "Hello,\nthis is a note.\n");
    EXPECT_EQ(error_of(text), text + ": not an ntpscope trace, strace log or pcap capture");
    std::string empty = dir.write("empty", "");
    EXPECT_EQ(error_of(empty), empty + ": empty file");
    EXPECT_EQ(error_of(dir.file("missing")), dir.file("missing") + ": cannot open: No such file or directory");
    EXPECT_NE(error_of(dir.file("")).find("cannot read"), std::string::npos);  // a directory
}

}  // namespace
}  // namespace ntpscope::test
