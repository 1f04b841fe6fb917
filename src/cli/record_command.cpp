// `ntpscope record`: an NTP daemon's network and clock calls, recorded to a trace file.
#include <unistd.h>

#include <spdlog/spdlog.h>

#include <cstdio>
#include <memory>
#include <string>

#include "app/record_plan.hpp"
#include "app/recording.hpp"
#include "app/status_line.hpp"
#include "cli/commands.hpp"

namespace ntpscope::cli {

namespace {

struct RecordArgs {
    app::RecordRequest request;
    std::string output;
    bool quiet = false;
};

int run_record(RecordArgs args) {
    if (args.quiet) spdlog::set_level(spdlog::level::warn);
    args.request.interactive = isatty(STDIN_FILENO) && isatty(STDERR_FILENO);
    const probe::RecordOptions options = app::plan_record(args.request);
    for (const TargetInfo& t : options.targets)
        spdlog::info("recording pid {} ({}) netns {}", t.pid, t.cmdline, t.netns);
    for (const auto& comm : options.comms) spdlog::info("following processes named '{}'", comm);

    const bool live = !args.quiet && isatty(STDERR_FILENO);
    app::RecordingHooks hooks;
    hooks.on_attached = [](const std::vector<std::string>& missing, const std::vector<std::string>& clock_gaps) {
        for (const auto& name : missing)
            spdlog::warn("this kernel has no tracepoint {}: those calls are not recorded", name);
        for (const auto& gap : clock_gaps) spdlog::warn("who touches the clock: {}", gap);
    };
    hooks.on_status = [live](const probe::RecordStatus& s) {
        if (live) std::fprintf(stderr, "\r\033[K%s", app::format_status(s).c_str());
    };
    hooks.on_priority_refused = [](const std::string& why) {
        spdlog::info("cannot raise the recorder's priority to nice {} ({}); on a CPU-bound host events may be "
                     "lost (they are counted)",
                     app::kRecorderNice, why);
    };
    const app::RecordingResult result = app::run_recording(options, args.output, hooks);
    if (live) std::fputc('\n', stderr);

    const char* why = result.reason == probe::StopReason::duration ? "duration reached"
                      : result.reason == probe::StopReason::signal ? "interrupted"
                                                                   : "all targets exited";
    spdlog::info("{}: {} events written to {}", why, result.status.events, args.output == "-" ? "stdout" : args.output);
    if (result.status.lost) {
        spdlog::error("{} events were lost (ring buffer full); the trace footer records it. Try --ring-kib {}",
                      result.status.lost, args.request.ring_kib * 4);
        return 3;
    }
    return 0;
}

}  // namespace

void set_record_command(CLI::App& app, int& exit_code) {
    auto args = std::make_shared<RecordArgs>();
    app::RecordRequest& r = args->request;
    auto* cmd = app.add_subcommand("record", "Record an NTP daemon's network and clock syscalls to a trace file");
    cmd->add_option("-p,--pid", r.pids, "Process to trace (repeatable)");
    cmd->add_option("-c,--comm", r.comms, "Process name to trace, following restarts (repeatable)");
    cmd->add_option("-d,--duration", r.duration, "Stop after this long: 90s, 30m, 6h");
    cmd->add_option("-o,--output", args->output, "Trace file, or - for stdout")->required();
    cmd->add_option("--snaplen", r.snaplen,
                    fmt::format("Payload bytes kept per datagram (default and maximum {})", probe::kMaxSnaplen));
    cmd->add_option("--ring-kib", r.ring_kib,
                    fmt::format("Ring buffer size in KiB, a power of two (default {})", probe::kDefaultRingKib));
    cmd->add_flag("-q,--quiet", args->quiet, "No status line or summary on stderr");
    cmd->add_flag("-v,--verbose", r.verbose, "Show libbpf's messages");
    cmd->callback([args, &exit_code] { exit_code = run_record(*args); });
}

}  // namespace ntpscope::cli
