#include "app/record_plan.hpp"

#include <fmt/format.h>

#include <stdexcept>

#include "app/duration.hpp"
#include "app/target_selection.hpp"
#include "probe/procfs.hpp"

namespace ntpscope::app {

probe::RecordOptions plan_record(const RecordRequest& request) {
    probe::RecordOptions options;
    options.comms = request.comms;
    for (uint32_t pid : request.pids) {
        auto target = probe::read_target(pid);
        if (!target) throw std::runtime_error(fmt::format("no process with pid {}", pid));
        options.targets.push_back(*target);
    }
    if (options.targets.empty() && options.comms.empty()) {
        const auto daemons = probe::find_ntp_daemons();
        for (uint32_t pid : choose_daemon(daemons, request.interactive))
            for (const TargetInfo& t : daemons)
                if (t.pid == pid) options.targets.push_back(t);
    }
    if (!request.duration.empty()) {
        options.duration = parse_duration(request.duration);
        if (!options.duration)
            throw std::runtime_error(fmt::format(
                "--duration '{}': expected a number with ms, s, m, h or d between 1ms and 10 years (90s, 30m, 6h)",
                request.duration));
    }
    if (request.snaplen < 1 || request.snaplen > probe::kMaxSnaplen)
        throw std::runtime_error(fmt::format("--snaplen {}: between 1 and {}", request.snaplen, probe::kMaxSnaplen));
    const uint32_t kib = request.ring_kib;
    if (kib < probe::kMinRingKib || kib > probe::kMaxRingKib || (kib & (kib - 1)) != 0)
        throw std::runtime_error(fmt::format("--ring-kib {}: a power of two between {} and {}", kib,
                                             probe::kMinRingKib, probe::kMaxRingKib));
    options.probe.snaplen = request.snaplen;
    options.probe.ring_bytes = kib * 1024;
    options.probe.follow_comms = request.comms;
    options.probe.verbose = request.verbose;
    if (!request.attach.empty()) {
        options.probe.attach = probe::parse_attach_path(request.attach);
        if (!options.probe.attach)
            throw std::runtime_error(fmt::format("--attach '{}': socket or syscall", request.attach));
    }
    return options;
}

}  // namespace ntpscope::app
