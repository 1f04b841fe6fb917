// Classic ntpd's (4.2.8) reach register for a server it only listens to (ntpq type `b`).
//
// ntpd shifts that register on its own 1-s timer, not when packets come, and the timer leaves
// nothing in a trace. But the requests of the start-up exchange are sent by that timer, so they
// show its phase; from there ntpd's rules decide everything (ntp_proto.c: transmit, receive,
// poll_update), which this class replays tick by tick:
//  - the association's timer fires every 2^minpoll ticks after its last shift, and shifts the
//    register unless a burst is under way;
//  - a packet it accepts sets bit 0 and moves the timer to at least 2 ticks after itself;
//  - a mode-5 packet within one poll interval (5 s while still calibrating) of the last accepted
//    packet is dropped ("arrived after N, not M seconds").
// Exact for polls up to 2^4; above, ntpd adds a random 0-6% to each interval, taken here as
// its middle, so a shift that close to a packet may land on the other side of it.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

namespace ntpscope::analysis {

class NtpdTimerReach {
public:
    // A mode-5 packet from the server, read in full. `usable`: synchronised and in stratum.
    void broadcast(int64_t t, int8_t poll, bool usable);
    // A request of the start-up exchange (sent by ntpd's timer, so it shows the timer's phase).
    void request(int64_t t);
    // Its reply, matched to a request.
    void reply(int64_t t, int8_t poll, bool usable);
    // The daemon restarted: a new association, on a new timer.
    void restart();
    // The register at `end` (ns), or nothing when the trace shows no request of the timer.
    std::optional<uint8_t> value_at(int64_t end) const;

private:
    enum class Kind : uint8_t { broadcast, request, reply };
    struct Packet {
        int64_t t;
        Kind kind;
        int8_t poll;
        bool usable;
    };
    // ntpd's peer variables that decide when the register shifts, in ticks of its timer.
    struct Association {
        bool exists = false;
        bool calibrating = true;  // FLAG_BC_VOL: no mode-5 packet accepted yet
        int8_t minpoll = 3;
        uint8_t reach = 0;
        int burst = 0;
        int retry = 0;
        int64_t throttle = 0;        // as of throttle_tick
        int64_t throttle_tick = 0;
        int64_t nextdate = INT64_MAX;  // no transmit before the first request is seen
        int64_t outdate = 0;
        int64_t timereceived = INT64_MIN / 2;
        int64_t last_tick = INT64_MIN / 2;      // the latest tick whose timer has run
        int64_t last_transmit = INT64_MIN / 2;  // the tick of the latest transmit
    };

    bool listening() const;
    void add(const Packet& p);
    int64_t tick_of(int64_t t) const;
    // Replays packets (in order) onto an association.
    void replay(Association& a, const Packet* begin, const Packet* end) const;
    static void run_timer_until(Association& a, int64_t tick);
    static void transmit(Association& a, int64_t tick);
    static void poll_update(Association& a, int64_t tick);
    static int64_t throttle_at(const Association& a, int64_t tick);
    static void on_broadcast(Association& a, int64_t tick, const Packet& p);
    static void on_reply(Association& a, int64_t tick, const Packet& p);
    static void on_request(Association& a, int64_t tick);
    void compact();

    // ns into the second: the timer's ticks fall at phase_ + k seconds (just before the earliest
    // request seen); none until a request is seen.
    std::optional<int64_t> phase_;
    Association checkpoint_;  // the association after every packet compacted away
    std::vector<Packet> packets_;
};

}  // namespace ntpscope::analysis
