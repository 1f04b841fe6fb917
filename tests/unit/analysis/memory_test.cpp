// A long, busy trace must not grow the model: every container is bounded by per-peer
// aggregates. One million events of every kind, then the sizes are checked.
#include <gtest/gtest.h>

#include "core/analysis/tuning.hpp"
#include "host_events.hpp"

namespace ntpscope::analysis::test {
namespace {

constexpr uint64_t kEvents = 1'000'000;

void expect_bounded(const PeerModel& p) {
    for (const auto& examples : p.examples) EXPECT_LE(examples.items().size(), 2 * kExamples);
    EXPECT_LE(p.timing.series.points().size(), kSeriesPoints);
    EXPECT_LE(p.polling.burst_log.items().size(), 8u);
    EXPECT_LE(p.polling.sent_poll.items().size(), 16u);
    EXPECT_LE(p.polling.received_poll.items().size(), 16u);
    EXPECT_LE(p.packets.by_key_id.items.size(), 16u);
    EXPECT_LE(p.packets.by_length.items.size(), 16u);
    EXPECT_LE(p.ports.size(), 4u);
}

TEST(Memory, MillionEventsStayBounded) {
    NtpdHost host;
    const SockInfo group = udp(v4("224.0.1.1:123"), {}, 23);
    const SockAddr servers[] = {v4("10.0.0.51:123"), v4("10.0.0.52:123"), v4("10.0.0.53:123")};
    int64_t t = kStart;
    for (uint64_t i = 0; host.events < kEvents; ++i, t += 2 * kSecond) {
        const SockAddr& server = servers[i % 3];
        const auto poll = static_cast<int8_t>(6 + (i / 3) % 2);  // a new poll run every packet
        // More key ids and packet lengths than the model keeps apart.
        const auto key = static_cast<uint32_t>(i % 500);
        host.feed(send_to(t, 22, host.iface, server,
                          PacketBuilder()
                              .mode(3)
                              .poll(poll)
                              .transmit(ts(t))
                              .extension(0x0104, static_cast<uint16_t>(16 + 4 * (i / 3 % 30)))
                              .mac(key, 16)
                              .bytes()));
        Reply r{.t1 = t, .server_offset = static_cast<int64_t>(i % 1000) * kUs};
        host.feed(receive_from(r.t4(), 22, host.iface, server, r.packet().bytes(), r.t4()));
        host.feed(eagain(r.t4(), 22, host.iface));
        if (i % 4 == 0)
            host.feed(receive_from(t, 23, group, v4("10.0.0.60:123"),
                                   PacketBuilder().mode(5).poll(poll).transmit(ts(t)).bytes()));
        if (i % 16 == 0) {
            Timex tx;
            tx.status = (i % 32) ? STA_PLL : STA_PLL | STA_UNSYNC;
            host.feed(clock_adjtime(t, tx));
        }
        // Clients from many addresses: more peers than the model keeps.
        const SockAddr client = SockAddr::v4(0x0a010000 + static_cast<uint32_t>(i % 20000),
                                             static_cast<uint16_t>(1024 + i % 60000));
        host.feed(receive_from(t, 22, host.iface, client, request(t - kSecond)));
        host.feed(send_to(t, 22, host.iface, client, Reply{.t1 = t - kSecond}.packet().bytes()));
        // chronyd-style sockets, a new one every time, plus a read error now and then.
        const SockInfo connected = udp(v4("10.0.0.2:0"), servers[0], 100000 + i);
        if (i % 8 == 0) {
            Event e = eagain(t, 30, connected);
            e.err = static_cast<int32_t>(1 + i % 100);
            host.feed(e);
        }
        if (i % 1000 == 0) host.analyzer.on_warning("t.jsonl:" + std::to_string(i) + ": odd line");
    }
    const HostModel m = host.finish(t);

    EXPECT_EQ(m.meta.events, host.events);
    EXPECT_EQ(m.peers.size(), kMaxPeers);
    EXPECT_TRUE(m.has_note(NoteCode::too_many_peers));
    for (const PeerModel& p : m.peers) expect_bounded(p);
    const PeerModel& server = *m.find_peer(servers[0]);
    EXPECT_GT(server.outbound.answered, 50'000u);
    EXPECT_GT(server.polling.sent_poll.total(), 50'000u);
    EXPECT_GT(server.packets.by_key_id.other_updates, 0u);
    EXPECT_GT(server.packets.by_length.other_updates, 0u);

    EXPECT_LE(m.sockets.size(), 4u);
    for (const SocketModel& s : m.sockets) {
        EXPECT_LE(s.fds.size(), 8u);
        EXPECT_LE(s.peers.size(), 16u);
        EXPECT_LE(s.errors.items.size(), 16u);
        EXPECT_LE(s.groups.size(), 8u);
        for (const auto& examples : s.examples) EXPECT_LE(examples.items().size(), 2 * kExamples);
    }
    EXPECT_LE(m.clock.series.points().size(), kSeriesPoints);
    EXPECT_LE(m.clock.status_changes.items().size(), 16u);
    EXPECT_GT(m.clock.status_changes.total(), 1000u);
    EXPECT_LE(m.meta.warnings.items().size(), 20u);
}

}  // namespace
}  // namespace ntpscope::analysis::test
