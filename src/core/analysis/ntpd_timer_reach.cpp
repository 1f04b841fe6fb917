#include "core/analysis/ntpd_timer_reach.hpp"

#include <algorithm>

namespace ntpscope::analysis {

namespace {

constexpr int64_t kSecond = 1'000'000'000;
// A request leaves at least this long after the tick that sent it.
constexpr int64_t kSendLatency = 1'000'000;
// ntpd's constants (ntp.h): retries after an unanswered first poll, the iburst length, the
// guard time between polls, clock filter stages.
constexpr int kRetry = 3;
constexpr int kIburst = 6;
constexpr int64_t kMinPacketTicks = 2;
constexpr int kShift = 8;
// Packets kept for replay once the timer's phase is known; older ones are folded into the
// checkpoint. Without a phase, the trace began after the start-up exchange: the model gives up.
constexpr size_t kKeep = 16;
constexpr size_t kFoldAt = 64;

int64_t floor_div(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }
int64_t floor_mod(int64_t a, int64_t b) { return a - floor_div(a, b) * b; }

int64_t wrap_offset(int64_t ns) {
    const int64_t r = ((ns % kSecond) + kSecond + kSecond / 2) % kSecond;
    return r - kSecond / 2;
}

// poll_update's interval: (0x1000 | random & 0xff) << poll >> 12, with the random byte taken
// at its middle (exact for poll <= 4, where the random part rounds away).
int64_t poll_interval_ticks(int8_t poll) {
    const int p = std::clamp<int>(poll, 0, 17);
    return static_cast<int64_t>((0x1000ULL | 0x80ULL) << p >> 12);
}

}  // namespace

void NtpdTimerReach::broadcast(int64_t t, int8_t poll, bool usable) {
    add({t, Kind::broadcast, poll, usable});
}

void NtpdTimerReach::request(int64_t t) {
    if (!listening()) return;
    const int64_t sent_at_tick = floor_mod(t - kSendLatency, kSecond);
    if (!phase_ || wrap_offset(sent_at_tick - *phase_) < 0) phase_ = sent_at_tick;
    add({t, Kind::request, 0, true});
}

void NtpdTimerReach::reply(int64_t t, int8_t poll, bool usable) {
    if (listening()) add({t, Kind::reply, poll, usable});
}

// Requests and replies before the server's first mode-5 packet belong to no association of
// this kind (and a server that is only polled never gets one): nothing to keep for them.
bool NtpdTimerReach::listening() const { return !packets_.empty() || checkpoint_.exists; }

void NtpdTimerReach::restart() { *this = NtpdTimerReach{}; }

void NtpdTimerReach::add(const Packet& p) {
    packets_.push_back(p);
    if (packets_.size() >= kFoldAt) compact();
}

void NtpdTimerReach::compact() {
    if (!phase_) {
        packets_.clear();
        return;
    }
    const size_t fold = packets_.size() - kKeep;
    replay(checkpoint_, packets_.data(), packets_.data() + fold);
    packets_.erase(packets_.begin(), packets_.begin() + static_cast<std::ptrdiff_t>(fold));
}

int64_t NtpdTimerReach::tick_of(int64_t t) const { return floor_div(t - *phase_, kSecond); }

std::optional<uint8_t> NtpdTimerReach::value_at(int64_t end) const {
    if (!phase_) return std::nullopt;
    Association a = checkpoint_;
    replay(a, packets_.data(), packets_.data() + packets_.size());
    if (!a.exists) return std::nullopt;
    run_timer_until(a, tick_of(end));
    return a.reach;
}

void NtpdTimerReach::replay(Association& a, const Packet* begin, const Packet* end) const {
    for (const Packet* p = begin; p != end; ++p) {
        const int64_t tick = tick_of(p->t);
        // The tick's timer runs before the packets read in that second are handled.
        run_timer_until(a, tick);
        switch (p->kind) {
            case Kind::broadcast: on_broadcast(a, tick, *p); break;
            case Kind::request: on_request(a, tick); break;
            case Kind::reply: on_reply(a, tick, *p); break;
        }
    }
}

void NtpdTimerReach::run_timer_until(Association& a, int64_t tick) {
    if (!a.exists) return;
    while (a.nextdate <= tick) {
        const int64_t fire = std::max(a.nextdate, a.last_tick + 1);
        if (fire > tick) break;
        a.last_tick = fire;
        transmit(a, fire);
    }
    a.last_tick = std::max(a.last_tick, tick);
}

void NtpdTimerReach::transmit(Association& a, int64_t tick) {
    a.last_transmit = tick;
    if (a.burst == 0) {
        a.outdate = tick;
        a.reach = static_cast<uint8_t>(a.reach << 1);
        if (a.reach == 0 && a.retry == 0) a.retry = kRetry;  // iburst
    } else {
        --a.burst;
    }
    if (a.retry > 0) --a.retry;
    poll_update(a, tick);
}

int64_t NtpdTimerReach::throttle_at(const Association& a, int64_t tick) {
    return std::max<int64_t>(0, a.throttle - (tick - a.throttle_tick));
}

void NtpdTimerReach::poll_update(Association& a, int64_t tick) {
    const int64_t throttle = throttle_at(a, tick);
    const int64_t earliest =
        tick + std::max<int64_t>(throttle - (kShift - 1) * (int64_t{1} << a.minpoll), kMinPacketTicks);
    if (a.burst > 0) {
        if (a.nextdate > tick) return;
        a.nextdate = earliest;
        return;
    }
    // minpoll = maxpoll = the server's poll for these associations, so every poll is minpoll.
    const int64_t next = a.outdate + poll_interval_ticks(a.minpoll);
    a.nextdate = next > earliest ? next : earliest;
    if (throttle > (int64_t{1} << a.minpoll)) a.nextdate += kMinPacketTicks;
}

void NtpdTimerReach::on_request(Association& a, int64_t tick) {
    if (!a.exists) return;
    // The request is the transmit of this tick; if the replay had not scheduled one here (the
    // first one's random start, or the model off), the trace wins.
    if (a.last_transmit != tick) {
        a.last_tick = tick;
        transmit(a, tick);
    }
    // ntpd counts the send before it schedules the next poll; schedule again with it counted.
    a.throttle = throttle_at(a, tick) + (int64_t{1} << a.minpoll) - 2;
    a.throttle_tick = tick;
    poll_update(a, tick);
}

void NtpdTimerReach::on_reply(Association& a, int64_t tick, const Packet& p) {
    if (!a.exists) return;
    a.timereceived = tick;
    if (!p.usable) return;
    if (a.retry > 0) {
        a.retry = 0;
        a.burst = a.reach ? 0 : kIburst - 1;  // hpoll = minpoll: no burst once reached
        if (a.burst > 0) a.nextdate = tick;
    }
    poll_update(a, tick);
    a.reach |= 1;
}

void NtpdTimerReach::on_broadcast(Association& a, int64_t tick, const Packet& p) {
    if (!a.exists) {
        // The first packet only creates the association; its first poll is the first request.
        if (!p.usable) return;
        a.exists = true;
        a.minpoll = std::clamp<int8_t>(p.poll, 3, 17);
        a.last_tick = tick;
        return;
    }
    const int64_t deadband = (int64_t{1} << std::clamp<int>(p.poll, 0, 17)) - (a.calibrating ? 3 : 0);
    if (p.poll != a.minpoll || tick - a.timereceived < deadband) return;
    a.timereceived = tick;
    poll_update(a, tick);
    if (!p.usable) return;
    a.reach |= 1;
    a.calibrating = false;
}

}  // namespace ntpscope::analysis
