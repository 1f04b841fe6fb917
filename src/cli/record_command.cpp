// `ntpscope record`: an NTP daemon's network and clock calls, recorded to a trace file.
#include <unistd.h>

#include <spdlog/spdlog.h>

#include <cstdio>
#include <memory>
#include <string>

#include "app/default_trace_name.hpp"
#include "app/record_plan.hpp"
#include "app/recording.hpp"
#include "app/status_line.hpp"
#include "cli/commands.hpp"
#include "cli/recording_messages.hpp"
#include "cli/recording_options.hpp"

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
    if (args.output.empty()) {
        args.output = app::default_trace_name();
        // Said even with -q: it is the only way to learn the name of the file just created.
        std::fprintf(stderr, "ntpscope: recording to %s\n", args.output.c_str());
    }

    const bool live = !args.quiet && isatty(STDERR_FILENO);
    app::RecordingHooks hooks = recording_messages();
    hooks.on_status = [live](const probe::RecordStatus& s) {
        if (live) std::fprintf(stderr, "\r\033[K%s", app::format_status(s).c_str());
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
    cmd->add_option("-o,--output", args->output,
                    "Trace file, or - for stdout (default: ntpscope-HOST-UTCTIME.trace in the current directory)");
    add_recording_options(cmd, r);
    cmd->add_flag("-q,--quiet", args->quiet, "No status line or summary on stderr");
    cmd->callback([args, &exit_code] { exit_code = run_record(*args); });
}

}  // namespace ntpscope::cli
