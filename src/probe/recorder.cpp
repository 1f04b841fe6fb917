#include "probe/recorder.hpp"

#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include <fstream>
#include <thread>

#include "core/model/clock_step.hpp"
#include "core/model/datagram_peer.hpp"
#include "probe/procfs.hpp"

namespace ntpscope::probe {

namespace {

constexpr int kPollMs = 100;
constexpr auto kStatusPeriod = std::chrono::seconds(1);

int64_t clock_ns(clockid_t id) {
    timespec ts{};
    clock_gettime(id, &ts);
    return ts.tv_sec * 1'000'000'000LL + ts.tv_nsec;
}

std::string first_line(const std::string& path) {
    std::ifstream in(path);
    std::string line;
    std::getline(in, line);
    return line;
}

TraceHeader make_header(const RecordOptions& options, const std::map<uint32_t, TargetInfo>& targets,
                        AttachPath path) {
    TraceHeader h;
    h.source = "ebpf";
    h.attach = attach_path_name(path);
    h.tool = "ntpscope " NTPSCOPE_VERSION;
    char host[256] = {};
    gethostname(host, sizeof host - 1);
    h.host = host;
    utsname uts{};
    uname(&uts);
    h.kernel = uts.release;
    h.boot_id = first_line("/proc/sys/kernel/random/boot_id");
    h.start_mono = clock_ns(CLOCK_MONOTONIC);
    h.start = clock_ns(CLOCK_REALTIME);
    h.snaplen = options.probe.snaplen;
    for (const auto& [pid, target] : targets) {
        h.targets.push_back(target);
        auto sockets = snapshot_sockets(pid);
        h.sockets.insert(h.sockets.end(), sockets.begin(), sockets.end());
    }
    return h;
}

}  // namespace

Recorder::Recorder(RecordOptions options, RecordSink& sink)
    : options_(std::move(options)),
      sink_(sink),
      session_(options_.probe, [this](std::span<const uint8_t> r) { on_record(r); }),
      clock_(ClockMapping::sample()) {
    for (const TargetInfo& t : options_.targets) targets_.emplace(t.pid, t);
    for (const auto& comm : options_.comms)
        for (const auto& t : find_by_comm(comm)) targets_.emplace(t.pid, t);
    for (const auto& [pid, target] : targets_) {
        session_.add_target(pid);
        session_.hook_receives_of(pid);
        live_.insert(pid);
        // Existing children count as the target; the kernel adds later ones at fork.
        for (uint32_t child : descendants(pid)) session_.add_target(child);
    }
}

void Recorder::on_record(std::span<const uint8_t> record) {
    if (!decode_record(record, clock_, event_)) {
        ++status_.undecodable;
        return;
    }
    sink_.write_event(event_);
    note_event(event_);
    if (asks_to_step_clock(event_) && !event_.failed()) clock_ = ClockMapping::sample();
}

void Recorder::note_event(const Event& e) {
    ++status_.events;
    if (e.syscall == Syscall::exec) {
        live_.insert(e.pid);
        session_.hook_receives_of(e.pid);  // a followed process started in a cgroup not yet hooked
    }
    if (e.syscall == Syscall::exit) live_.erase(e.pid);
    if (e.sock && e.sock->id && e.sock->id != last_socket_) {
        last_socket_ = e.sock->id;
        sockets_.insert(last_socket_);
    }
    if (is_datagram(e.syscall) && e.ret >= 0) {
        const SockAddr peer = datagram_peer(e);
        if (peer.present()) {
            const SockAddr host = peer.without_port();
            if (host != last_peer_) {
                last_peer_ = host;
                if (peers_.size() < 100000) peers_.insert(host);
            }
        }
    }
}

void Recorder::refresh_status(std::chrono::nanoseconds elapsed) {
    status_.elapsed = elapsed;
    status_.lost = session_.lost() + status_.undecodable;
    status_.sockets = sockets_.size();
    status_.peers = peers_.size();
    status_.live_targets = live_.size();
}

// A target whose exit record was lost still has to end the recording.
void Recorder::check_targets_alive() {
    for (auto it = live_.begin(); it != live_.end();) {
        if (access(("/proc/" + std::to_string(*it)).c_str(), F_OK) != 0) it = live_.erase(it);
        else ++it;
    }
}

void Recorder::start_segment(const TraceHeader& header) {
    segment_first_event_ = status_.events;
    segment_lost_before_ = session_.lost() + status_.undecodable;
    sink_.write_header(header);
    sink_.flush();
}

TraceFooter Recorder::segment_footer() const {
    return {clock_ns(CLOCK_REALTIME), status_.events - segment_first_event_,
            session_.lost() + status_.undecodable - segment_lost_before_};
}

void Recorder::next_segment() {
    sink_.write_footer(segment_footer());
    sink_.flush();
    // A restarted daemon is a new pid: the header names the processes traced now.
    std::map<uint32_t, TargetInfo> alive;
    for (uint32_t pid : live_) {
        if (auto target = read_target(pid)) alive.emplace(pid, *target);
    }
    start_segment(make_header(options_, alive, session_.attach().path));
}

StopReason Recorder::run(const std::atomic<bool>& stop, const std::function<void(const RecordStatus&)>& on_status) {
    start_segment(make_header(options_, targets_, session_.attach().path));

    auto start = std::chrono::steady_clock::now();
    auto next_status = start;
    StopReason reason = StopReason::signal;
    for (;;) {
        session_.poll(kPollMs);
        // The kernel side wakes us only once the ring fills up (bpf/ntpscope.bpf.c:
        // wakeup_flag), so what arrived during the timeout is collected here.
        session_.drain();
        auto now = std::chrono::steady_clock::now();
        if (now >= next_status) {
            next_status = now + kStatusPeriod;
            clock_ = ClockMapping::sample();
            check_targets_alive();
            refresh_status(now - start);
            sink_.flush();
            if (on_status) on_status(status_);
        }
        if (stop.load()) break;
        if (options_.duration && now - start >= *options_.duration) {
            reason = StopReason::duration;
            break;
        }
        if (live_.empty() && options_.comms.empty()) {
            reason = StopReason::targets_exited;
            break;
        }
    }
    session_.drain();
    refresh_status(std::chrono::steady_clock::now() - start);
    sink_.write_footer(segment_footer());
    sink_.flush();
    return reason;
}

}  // namespace ntpscope::probe
