// `ntpscope top`: the daemon's peers live in the terminal, the ntpq -p columns rebuilt from the
// wire plus sockets and lost events, refreshed every second; q quits.
#include <unistd.h>

#include <spdlog/spdlog.h>

#include <memory>
#include <string>

#include "app/record_plan.hpp"
#include "app/top.hpp"
#include "cli/commands.hpp"

namespace ntpscope::cli {

namespace {

std::string describe_targets(const probe::RecordOptions& options) {
    std::string out;
    for (const TargetInfo& t : options.targets)
        out += (out.empty() ? "" : ", ") + fmt::format("pid {} ({})", t.pid, t.comm);
    for (const std::string& comm : options.comms) out += (out.empty() ? "" : ", ") + fmt::format("processes named {}", comm);
    return out;
}

int run_top(app::RecordRequest request) {
    request.interactive = isatty(STDIN_FILENO) && isatty(STDERR_FILENO);
    const probe::RecordOptions options = app::plan_record(request);
    const app::RecordingResult result = app::run_top(options, describe_targets(options));
    if (result.status.lost) spdlog::warn("{} events were lost (ring buffer full)", result.status.lost);
    return 0;
}

}  // namespace

void set_top_command(CLI::App& app, int& exit_code) {
    auto request = std::make_shared<app::RecordRequest>();
    auto* cmd = app.add_subcommand("top", "Show an NTP daemon's peers live, rebuilt from the wire (q quits)");
    cmd->add_option("-p,--pid", request->pids, "Process to watch (repeatable)");
    cmd->add_option("-c,--comm", request->comms, "Process name to watch, following restarts (repeatable)");
    cmd->add_option("-d,--duration", request->duration, "Stop after this long: 90s, 30m, 6h");
    cmd->callback([request, &exit_code] { exit_code = run_top(*request); });
}

}  // namespace ntpscope::cli
