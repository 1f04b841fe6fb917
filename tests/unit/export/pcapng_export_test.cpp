// The pcapng export: what libpcap, tshark and ntpscope's own pcap import read back from it.
#include <gtest/gtest.h>
#include <pcap/dlt.h>
#include <sys/socket.h>

#include <cstdio>
#include <cstdlib>

#include "../import/capture_files.hpp"
#include "../import/import_test_support.hpp"
#include "core/export/event_text.hpp"
#include "core/export/pcapng_export.hpp"

namespace ntpscope::test {
namespace {

struct Exported {
    std::string path;
    uint64_t packets = 0;
    uint64_t notes = 0;
    std::vector<Event> events;  // what the input gave
};

Exported export_file(const TempDir& dir, const std::string& input, const ReadOptions& options = {}) {
    Exported out;
    out.path = dir.file("out.pcapng");
    std::FILE* file = std::fopen(out.path.c_str(), "wb");
    std::vector<std::string> warnings;
    struct Tee : pcapng::PcapngExporter {
        using pcapng::PcapngExporter::PcapngExporter;
        std::vector<Event>* events = nullptr;
        void on_event(const Event& e) override {
            events->push_back(e);
            pcapng::PcapngExporter::on_event(e);
        }
    } exporter(file, input, [&](const std::string& w) { warnings.push_back(w); });
    exporter.events = &out.events;
    import::read_input(input, exporter, options);
    exporter.finish();
    std::fclose(file);
    out.packets = exporter.packets();
    out.notes = exporter.notes();
    return out;
}

// The trace's NTP events: successful datagram calls on port 123 whose payload starts like NTP,
// except reads of the error queue (chronyd's transmit timestamps are its own packets).
std::vector<std::string> ntp_modes(const std::vector<Event>& events) {
    std::vector<std::string> modes;
    for (const Event& e : events) {
        if (!is_datagram(e.syscall) || e.failed() || e.data.empty()) continue;
        if (is_receive(e.syscall) && (e.flags & MSG_ERRQUEUE)) continue;
        bool port = (e.addr && e.addr->port == 123) ||
                    (e.sock && (e.sock->local.port == 123 || e.sock->remote.port == 123));
        int version = (e.data[0] >> 3) & 7;
        if (port && version >= 1 && version <= 4) modes.push_back(std::to_string(e.data[0] & 7));
    }
    return modes;
}

bool have_tshark() { return std::system("command -v tshark >/dev/null 2>&1") == 0; }

std::vector<std::string> tshark(const std::string& file, const std::string& arguments) {
    std::string command = "tshark -r '" + file + "' " + arguments + " 2>/dev/null";
    std::FILE* pipe = popen(command.c_str(), "r");
    std::vector<std::string> lines;
    char line[4096];
    while (pipe && std::fgets(line, sizeof line, pipe)) {
        std::string text(line);
        while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
        lines.push_back(text);
    }
    if (pipe) pclose(pipe);
    return lines;
}

#define REQUIRE_TSHARK()                                                                              \
    if (!have_tshark()) GTEST_SKIP() << "*** tshark is not installed: the Wireshark round trip is NOT " \
                                        "checked (apt-get install tshark) ***"

const char* kStraceInputs[] = {
    "strace/ntpsec-attach-f-tt-T-yy-xx.strace", "strace/ntpsec-startup-stderr-f-tt-s64.strace",
    "strace/chronyd-f-tt-T-yy-xx.strace",       "strace/strace4-seed-bad-client-t.strace",
    "strace/strace4-threads-f-tt.strace",
};

TEST(PcapngExport, LibpcapReadsEveryEventAsAFrame) {
    TempDir dir;
    Exported out = export_file(dir, fixture("strace/ntpsec-attach-f-tt-T-yy-xx.strace"));
    int dlt = 0;
    auto frames = read_frames(out.path, &dlt);
    EXPECT_EQ(dlt, DLT_RAW);
    ASSERT_EQ(frames.size(), out.events.size());
    EXPECT_EQ(out.packets + out.notes, out.events.size());
    EXPECT_EQ(out.packets, 38u);  // 19 requests, 19 replies; the EAGAIN reads are notes
    for (size_t i = 0; i < frames.size(); ++i) EXPECT_EQ(frames[i].t, out.events[i].t);  // ns, kept whole
}

TEST(PcapngExport, StraceRoundTripThroughThePcapImport) {
    TempDir dir;
    // Client traces whose sockets are all named, so the import finds the host from the packets.
    for (const char* input : {"strace/ntpsec-attach-f-tt-T-yy-xx.strace", "strace/ntpsec-startup-stderr-f-tt-s64.strace",
                              "strace/chronyd-f-tt-T-yy-xx.strace"}) {
        Exported out = export_file(dir, fixture(input));
        ReadOptions options;
        std::vector<Event> sent;
        for (const Event& e : out.events)
            if (is_datagram(e.syscall) && !e.failed() && !(e.flags & MSG_ERRQUEUE) && e.sock &&
                (e.sock->family == AF_INET || e.sock->family == AF_INET6) && (e.addr || e.sock->remote.present()))
                sent.push_back(e);
        RecordingSink back = read_file(out.path, options);
        const std::vector<Event>& ntp = back.events;
        ASSERT_EQ(ntp.size(), sent.size()) << input;
        for (size_t i = 0; i < sent.size(); ++i) {
            EXPECT_EQ(ntp[i].t, sent[i].t) << input << " " << i;
            EXPECT_EQ(ntp[i].data, sent[i].data) << input << " " << i;
            EXPECT_EQ(ntp[i].len, sent[i].len) << input << " " << i;
            SockAddr peer = sent[i].addr ? *sent[i].addr : sent[i].sock->remote;
            EXPECT_EQ(ntp[i].addr, peer) << input << " " << i;
            EXPECT_EQ(is_send(ntp[i].syscall), is_send(sent[i].syscall)) << input << " " << i;
        }
    }
}

TEST(PcapngExport, PcapRoundTripGivesBackTheSamePackets) {
    TempDir dir;
    for (const char* input : {"pcap/ntpsec-client-eth.pcap", "pcap/ntpsec-client-any-sll2.pcap"}) {
        Exported out = export_file(dir, fixture(input));
        EXPECT_EQ(out.notes, 0u);
        RecordingSink back = read_file(out.path);
        ASSERT_EQ(back.events.size(), out.events.size()) << input;
        for (size_t i = 0; i < back.events.size(); ++i) {
            const Event& a = out.events[i];
            const Event& b = back.events[i];
            EXPECT_EQ(a.t, b.t);
            EXPECT_EQ(a.syscall, b.syscall);
            EXPECT_EQ(a.addr, b.addr);
            EXPECT_EQ(a.dst, b.dst);
            EXPECT_EQ(a.sock, b.sock);
            EXPECT_EQ(a.data, b.data);
        }
    }
}

TEST(PcapngExport, TsharkShowsExactlyTheTracesNtpEvents) {
    REQUIRE_TSHARK();
    TempDir dir;
    for (const char* input : kStraceInputs) {
        Exported out = export_file(dir, fixture(input));
        std::vector<std::string> expected = ntp_modes(out.events);
        ASSERT_FALSE(expected.empty()) << input;
        EXPECT_EQ(tshark(out.path, "-Y ntp -T fields -e ntp.flags.mode"), expected) << input;
        EXPECT_EQ(tshark(out.path, "-Y syslog").size(), out.notes) << input;
        // Every frame carries its event's description.
        auto comments = tshark(out.path, "-T fields -e frame.comment");
        ASSERT_EQ(comments.size(), out.events.size()) << input;
        for (size_t i = 0; i < comments.size(); ++i) EXPECT_EQ(comments[i], pcapng::describe_event(out.events[i]));
    }
}

TEST(PcapngExport, TsharkSeesThePcapPacketsUnchanged) {
    REQUIRE_TSHARK();
    TempDir dir;
    const std::string fields =
        "-Y ntp -T fields -e ip.src -e ipv6.src -e ip.dst -e ipv6.dst -e udp.srcport -e udp.dstport -e udp.payload";
    for (const char* input : {"pcap/ntpsec-client-eth.pcap", "pcap/ntpsec-server-eth.pcapng"}) {
        Exported out = export_file(dir, fixture(input));
        auto original = tshark(fixture(input), fields);
        EXPECT_EQ(original.size(), 38u) << input;
        EXPECT_EQ(tshark(out.path, fields), original) << input;
    }
}

TEST(PcapngExport, EventText) {
    Event e;
    e.syscall = Syscall::recvmsg;
    e.fd = 22;
    e.ret = -EAGAIN;
    e.err = EAGAIN;
    e.pid = e.tid = 1234;
    e.comm = "ntpd";
    EXPECT_EQ(pcapng::describe_event(e), "recvmsg fd=22 ret=-11 errno=EAGAIN pid=1234 tid=1234 comm=ntpd");

    Event clock;
    clock.syscall = Syscall::clock_adjtime;
    clock.clock = 0;
    clock.timex = Timex{};
    clock.timex->modes = 0x0001 | 0x0010;
    clock.timex->freq = 65536 * 3 / 2;
    clock.timex->status = 0x2001;
    std::string text = pcapng::describe_event(clock);
    EXPECT_NE(text.find("clock_adjtime ret=0 (TIME_OK)"), std::string::npos) << text;
    EXPECT_NE(text.find("clock=CLOCK_REALTIME"), std::string::npos) << text;
    EXPECT_NE(text.find("modes=ADJ_OFFSET|ADJ_STATUS"), std::string::npos) << text;
    EXPECT_NE(text.find("(1.500 ppm)"), std::string::npos) << text;
    EXPECT_NE(text.find("status=STA_PLL|STA_NANO"), std::string::npos) << text;

    Event opt;
    opt.syscall = Syscall::setsockopt;
    opt.fd = 3;
    opt.opt = SockOpt{0, 8, std::nullopt, std::nullopt, 1};
    EXPECT_NE(pcapng::describe_event(opt).find("level=SOL_IP name=IP_PKTINFO value=1"), std::string::npos);
    opt.opt->level = 1;
    EXPECT_NE(pcapng::describe_event(opt).find("level=SOL_SOCKET name=SO_RCVBUF"), std::string::npos);
}

}  // namespace
}  // namespace ntpscope::test
