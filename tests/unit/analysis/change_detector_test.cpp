// The live view's change log: a host's events played into a HostAnalyzer, snapshots taken as
// watch takes them (peers_at), and the changes a person would be told about.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

#include "core/analysis/change_detector.hpp"
#include "core/report/change_line.hpp"
#include "core/trace/trace_reader.hpp"
#include "host_events.hpp"

namespace ntpscope::analysis::test {
namespace {

const SockAddr kServer = v4("10.0.0.51:123");

std::vector<ChangeKind> kinds(const std::vector<Change>& changes) {
    std::vector<ChangeKind> out;
    for (const Change& c : changes) out.push_back(c.kind);
    return out;
}

// A host polling one server every 64 s, looked at once a second as watch does.
struct Watched {
    NtpdHost host;
    ChangeDetector detector;
    std::vector<Change> log;

    // Polls at kStart + i*64 s for i in [from, to), answered when `answered(i)`, and looks at
    // the peers every second in between.
    template <class Answered>
    void run(int from, int to, Answered answered, int8_t poll = 6) {
        for (int i = from; i < to; ++i) {
            const int64_t t1 = kStart + i * 64 * kSecond;
            host.poll(kServer, t1, answered(i), poll);
            for (int s = 1; s <= 64; s += 1) look(t1 + s * kSecond);
        }
    }
    void look(int64_t t) {
        for (Change& c : detector.compare(host.analyzer.peers_at(t), t)) log.push_back(std::move(c));
    }
    std::vector<Change> of(ChangeKind kind) const {
        std::vector<Change> out;
        std::copy_if(log.begin(), log.end(), std::back_inserter(out), [&](const Change& c) { return c.kind == kind; });
        return out;
    }
};

TEST(ChangeDetector, SteadyPollingIsOneAppearanceThenSilence) {
    Watched w;
    w.run(0, 20, [](int) { return true; });
    ASSERT_EQ(kinds(w.log), std::vector<ChangeKind>{ChangeKind::peer_appeared});
    EXPECT_EQ(w.log[0].peer, "10.0.0.51");
    EXPECT_EQ(w.log[0].to, "u");
    EXPECT_EQ(w.log[0].detail, "poll 64");
}

TEST(ChangeDetector, ARequestAwaitingItsReplyIsNotADrop) {
    // A look between a request and its reply (10 ms later) must not report reach flickering.
    Watched w;
    w.run(0, 10, [](int) { return true; });
    const int64_t t1 = kStart + 10 * 64 * kSecond;
    w.host.feed(send_to(t1, w.host.iface_fd, w.host.iface, kServer, request(t1)));
    w.look(t1 + kMs);
    w.look(t1 + 5 * kSecond);
    EXPECT_TRUE(w.of(ChangeKind::reach_dropped).empty());
}

TEST(ChangeDetector, RepliesStoppingAndResuming) {
    Watched w;
    // Polls 10..13 go unanswered, then the server answers again.
    w.run(0, 30, [](int i) { return i < 10 || i > 13; });

    const auto drops = w.of(ChangeKind::reach_dropped);
    ASSERT_EQ(drops.size(), 1u);
    EXPECT_EQ(drops[0].from, "377");
    EXPECT_EQ(drops[0].to, "376");
    // Reported once the reply is overdue (8 s), within the poll that was lost.
    EXPECT_GT(drops[0].t, kStart + 10 * 64 * kSecond);
    EXPECT_LE(drops[0].t, kStart + 10 * 64 * kSecond + 9 * kSecond);

    const auto stopped = w.of(ChangeKind::replies_stopped);
    ASSERT_EQ(stopped.size(), 1u);
    EXPECT_EQ(stopped[0].detail, "no reply to the last 2 polls");
    EXPECT_LE(stopped[0].t, kStart + 11 * 64 * kSecond + 9 * kSecond);  // within two polls

    const auto resumed = w.of(ChangeKind::replies_resumed);
    ASSERT_EQ(resumed.size(), 1u);
    EXPECT_GE(resumed[0].t, kStart + 14 * 64 * kSecond);
    EXPECT_LT(resumed[0].t, kStart + 15 * 64 * kSecond);

    // 8 answered polls after the gap fill the register again.
    const auto recovered = w.of(ChangeKind::reach_recovered);
    ASSERT_EQ(recovered.size(), 1u);
    EXPECT_EQ(recovered[0].to, "377");
    EXPECT_GE(recovered[0].t, kStart + 21 * 64 * kSecond);
    EXPECT_LT(recovered[0].t, kStart + 22 * 64 * kSecond);
}

TEST(ChangeDetector, PollChangeByTheIntervalNotTheField) {
    Watched w;
    w.run(0, 10, [](int) { return true; }, 6);
    // The poll field says 1 s as NTPsec's does (data minimisation); the polls are 1024 s apart.
    for (int i = 0; i < 3; ++i) {
        const int64_t t1 = kStart + 10 * 64 * kSecond + i * 1024 * kSecond;
        w.host.poll(kServer, t1, true, 0);
        w.look(t1 + kSecond);
    }
    const auto polls = w.of(ChangeKind::poll);
    ASSERT_EQ(polls.size(), 1u);
    EXPECT_EQ(polls[0].from, "64");
    EXPECT_EQ(polls[0].to, "1024");
    EXPECT_EQ(report::change_text_line(polls[0]).substr(23), "  10.0.0.51  poll 64 s -> 1024 s");
}

TEST(ChangeDetector, TypeChangeFromMulticastToUnicast) {
    // The seed's fault: a server heard by multicast becomes one the host polls.
    NtpdHost host;
    const SockInfo group = udp(v4("224.0.1.1:123"), {}, 30);
    ChangeDetector detector;
    std::vector<Change> log;
    auto look = [&](int64_t t) {
        for (Change& c : detector.compare(host.analyzer.peers_at(t), t)) log.push_back(c);
    };
    for (int i = 0; i < 6; ++i) {
        const int64_t t = kStart + i * 64 * kSecond;
        Event e = receive_from(t, 30, group, kServer, PacketBuilder().mode(5).stratum(2).poll(6).transmit(ts(t)).bytes());
        e.dst = v4("224.0.1.1");
        host.feed(e);
        look(t + kSecond);
    }
    for (int i = 6; i < 20; ++i) {
        host.poll(kServer, kStart + i * 64 * kSecond);
        look(kStart + i * 64 * kSecond + kSecond);
    }
    const auto types = std::count_if(log.begin(), log.end(), [](const Change& c) { return c.kind == ChangeKind::type; });
    ASSERT_EQ(types, 1);
    const Change& c = *std::find_if(log.begin(), log.end(), [](const Change& c) { return c.kind == ChangeKind::type; });
    EXPECT_EQ(c.from, "m");
    EXPECT_EQ(c.to, "u");
    EXPECT_EQ(log.front().kind, ChangeKind::peer_appeared);
    EXPECT_EQ(log.front().to, "m");
}

TEST(ChangeDetector, FirstKissOfDeathOfEachCodeOnce) {
    Watched w;
    w.run(0, 3, [](int) { return true; });
    for (int i = 3; i < 6; ++i) {
        const int64_t t1 = kStart + i * 64 * kSecond;
        w.host.feed(send_to(t1, w.host.iface_fd, w.host.iface, kServer, request(t1)));
        Reply r{.t1 = t1};
        w.host.feed(receive_from(r.t4(), w.host.iface_fd, w.host.iface, kServer,
                                 r.packet().stratum(0).refid("RATE").bytes()));
        w.look(t1 + kSecond);
    }
    const auto kods = w.of(ChangeKind::kiss_of_death);
    ASSERT_EQ(kods.size(), 1u);
    EXPECT_EQ(kods[0].detail, "RATE");
}

TEST(ChangeDetector, RestartsStepsAndLostEvents) {
    ChangeDetector d;
    Event exec;
    exec.t = kStart;
    exec.syscall = Syscall::exec;
    exec.pid = 812;
    exec.comm = "ntpd";
    ASSERT_TRUE(d.on_event(exec));
    EXPECT_EQ(d.on_event(exec)->detail, "ntpd pid 812");
    exec.syscall = Syscall::exit;
    EXPECT_EQ(d.on_event(exec)->kind, ChangeKind::daemon_exited);

    Event step;
    step.t = kStart;
    step.pid = 900;
    step.comm = "date\x1b[2J";  // a hostile comm
    step.syscall = Syscall::clock_settime;
    step.clock = CLOCK_REALTIME;
    step.set_time = kStart + 2 * kSecond;
    const auto c = d.on_event(step);
    ASSERT_TRUE(c);
    EXPECT_EQ(c->kind, ChangeKind::clock_step);
    const std::string line = report::change_text_line(*c);
    EXPECT_EQ(line.substr(23), "  host  clock step by date?[2J pid 900, +2.000000 s");
    EXPECT_EQ(std::count_if(line.begin(), line.end(), [](char ch) { return static_cast<unsigned char>(ch) < 0x20; }), 0);
    const std::string json = report::change_json_line(*c);
    EXPECT_NE(json.find("\"detail\":\"by date\\u001b[2J pid 900, +2.000000 s\""), std::string::npos) << json;

    step.err = EPERM;
    EXPECT_EQ(d.on_event(step)->detail, "by date\x1b[2J pid 900, refused: EPERM");

    Event send = datagram(Syscall::sendto, kStart, 3, udp(v4("10.0.0.2:123")), kServer, request(kStart));
    EXPECT_FALSE(d.on_event(send));

    EXPECT_FALSE(d.on_lost(0, kStart));
    const auto lost = d.on_lost(12, kStart);
    ASSERT_TRUE(lost);
    EXPECT_EQ(report::change_text_line(*lost).substr(23), "  host  events lost: 0 -> 12 in total");
    EXPECT_FALSE(d.on_lost(12, kStart));
}


// A real trace played as watch sees it: each event fed as it comes, the peers looked at every
// second in between.
class WatchedTrace : public EventSink {
public:
    Watched watched;

    void on_header(const TraceHeader& header) override { watched.host.analyzer.on_header(header); }
    void on_event(const Event& e) override {
        if (next_look_ == 0) next_look_ = e.t + kSecond;
        for (; next_look_ <= e.t; next_look_ += kSecond) watched.look(next_look_);
        watched.host.feed(e);
    }
    void on_footer(const TraceFooter&) override {}
    void on_warning(const std::string&) override {}

private:
    int64_t next_look_ = 0;
};

TEST(ChangeDetector, AHealthyClassicMulticastClientNeverDropsReach) {
    // ntpd 4.2.8 shifts a `b` register 2 s after each packet: ntpq shows 376 for most of each
    // poll, but no packet was missed.
    WatchedTrace w;
    trace::read_trace((std::filesystem::path(NTPSCOPE_FIXTURES) / "lab" / "classic_multicast_client.trace").string(), w);
    int appeared = 0;
    for (const Change& c : w.watched.log) {
        EXPECT_NE(c.kind, ChangeKind::reach_dropped) << report::change_text_line(c);
        if (c.kind == ChangeKind::peer_appeared && c.to == "b") ++appeared;
    }
    EXPECT_EQ(appeared, 4);
}

}  // namespace
}  // namespace ntpscope::analysis::test
