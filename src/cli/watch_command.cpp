// `ntpscope watch`: `record` as a long-running service, into rotating segments in a directory.
#include <unistd.h>

#include <spdlog/spdlog.h>

#include <memory>
#include <string>

#include "app/watching.hpp"
#include "cli/commands.hpp"
#include "cli/recording_messages.hpp"
#include "cli/recording_options.hpp"

namespace ntpscope::cli {

namespace {

struct WatchArgs {
    app::WatchRequest request;
    bool quiet = false;
};

int run_watch(WatchArgs args) {
    if (args.quiet) spdlog::set_level(spdlog::level::warn);
    const app::WatchPlan plan = app::plan_watch(args.request);
    for (const TargetInfo& t : plan.recording.targets)
        spdlog::info("recording pid {} ({}) netns {}", t.pid, t.cmdline, t.netns);
    for (const auto& comm : plan.recording.comms) spdlog::info("following processes named '{}'", comm);

    app::WatchHooks hooks;
    hooks.recording = recording_messages();
    hooks.log.info = [](const std::string& line) { spdlog::info("{}", line); };
    hooks.log.warn = [](const std::string& line) { spdlog::warn("{}", line); };
    const app::RecordingResult result = app::run_watch(args.request, plan, hooks);

    const char* why = result.reason == probe::StopReason::duration ? "duration reached"
                      : result.reason == probe::StopReason::signal ? "stopped"
                                                                   : "all targets exited";
    // A service stopped after weeks has lost events now and then: they are in the footers and
    // the metrics, and not a reason to fail the unit.
    spdlog::info("{}: {} events recorded, {} lost", why, result.status.events, result.status.lost);
    return 0;
}

}  // namespace

void set_watch_command(CLI::App& app, int& exit_code) {
    auto args = std::make_shared<WatchArgs>();
    app::WatchRequest& w = args->request;
    app::RecordRequest& r = w.record;
    auto* cmd = app.add_subcommand("watch", "Record an NTP daemon for weeks into rotating segments, as a service");
    auto* pid = cmd->add_option("-p,--pid", r.pids, "Process to trace (repeatable)");
    cmd->add_option("-c,--comm", r.comms, "Process name to trace, following restarts (repeatable)")->excludes(pid);
    cmd->add_option("--dir", w.dir, "Directory of the segments, created if missing")->required();
    cmd->add_option("--segment", w.segment, "Start the next segment after this long (1h) or this size (100M)")
        ->capture_default_str();
    cmd->add_option("--max-disk", w.max_disk, "Delete the oldest segments beyond this total size")
        ->capture_default_str();
    cmd->add_option("--metrics-listen", w.metrics_listen, "Serve Prometheus metrics on ADDR:PORT at /metrics");
    cmd->add_option("--log-format", w.log_format, "Change log lines as text or json")
        ->check(CLI::IsMember({"text", "json"}))
        ->capture_default_str();
    cmd->add_option("-d,--duration", r.duration, "Stop after this long: 90s, 30m, 6h (default: until stopped)");
    add_recording_options(cmd, r);
    cmd->add_flag("-q,--quiet", args->quiet, "Only warnings and errors on stderr");
    cmd->callback([args, &exit_code] { exit_code = run_watch(*args); });
}

}  // namespace ntpscope::cli
