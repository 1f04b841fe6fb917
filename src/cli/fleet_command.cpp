// `ntpscope fleet INPUT...`: many hosts' recordings grouped by how their NTP daemons behave;
// each group outside the majority explained by diff. The exit status gates scripts.
#include <spdlog/spdlog.h>

#include <memory>
#include <string>

#include "app/fleet.hpp"
#include "app/report_output.hpp"
#include "cli/commands.hpp"

namespace ntpscope::cli {

namespace {

struct FleetArgs {
    app::FleetRequest request;
    std::string format = "text";
};

int run_fleet(const FleetArgs& args) {
    const app::FleetRun run = app::run_fleet(args.request);
    if (run.skipped) spdlog::info("skipped {} files that are no trace, strace log or capture", run.skipped);
    for (const fleet::UnreadableInput& u : run.report.unreadable) spdlog::error("{}", u.error);
    app::write_fleet(args.request.output, run.report, args.format);
    return run.report.exit_status();
}

}  // namespace

void set_fleet_command(CLI::App& app, int& exit_code) {
    auto args = std::make_shared<FleetArgs>();
    auto* cmd = app.add_subcommand(
        "fleet", "Group many hosts' recordings by how their NTP daemons behave and explain the odd ones out");
    cmd->add_option("inputs", args->request.inputs,
                    "Traces, strace logs or captures, one host each, or directories of them")
        ->required();
    const auto formats = app::fleet_format_names();
    cmd->add_option("-f,--format", args->format, app::describe_formats(formats))->check(CLI::IsMember(formats));
    cmd->add_option("-o,--output", args->request.output, "Write the report to this file instead of stdout");
    cmd->add_option("-j,--jobs", args->request.jobs, "Inputs read at once (default: one per core)")
        ->check(CLI::Range(1u, 1024u));
    add_ntp_port_option(*cmd, {&args->request.read});
    add_date_option(*cmd, args->request.read, "");
    cmd->footer(
        "An input that cannot be read is named on stderr and in the report, the others are still\n"
        "analysed, and the exit status is 2. docs/fleet.md explains the groups and the JSON schema.");
    cmd->callback([args, &exit_code] { exit_code = run_fleet(*args); });
}

}  // namespace ntpscope::cli
