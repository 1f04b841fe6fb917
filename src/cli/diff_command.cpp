// `ntpscope diff GOOD BAD`: compares a working host's trace with a failing host's and ranks the
// differences that matter for NTP. The exit status lets scripts gate on it.
#include <memory>
#include <string>
#include <vector>

#include "app/diff_hosts.hpp"
#include "app/output_file.hpp"
#include "app/report_output.hpp"
#include "cli/commands.hpp"

namespace ntpscope::cli {

namespace {

struct DiffArgs {
    app::HostInput good;
    app::HostInput bad;
    std::string format = "text";
    std::string output;
    std::vector<std::string> aliases;
};

int run_diff(const DiffArgs& args) {
    app::refuse_output_over_inputs(args.output, {args.good.path, args.bad.path});
    const diff::DiffReport report = app::diff_hosts(args.good, args.bad, args.aliases);
    app::write_diff(args.output, report, args.format);
    return report.exit_status();
}

}  // namespace

void set_diff_command(CLI::App& app, int& exit_code) {
    auto args = std::make_shared<DiffArgs>();
    auto* cmd = app.add_subcommand(
        "diff", "Compare a good and a bad host's traces and rank the differences that matter for NTP");
    cmd->add_option("good", args->good.path, "Trace, strace log or pcap of the host that works")->required();
    cmd->add_option("bad", args->bad.path, "Trace, strace log or pcap of the host that does not")->required();
    const auto formats = app::diff_format_names();
    cmd->add_option("-f,--format", args->format, app::describe_formats(formats))->check(CLI::IsMember(formats));
    cmd->add_option("-o,--output", args->output, "Write the report to this file instead of stdout");
    cmd->add_option("--alias", args->aliases,
                    "A=B: addresses A and B are the same server (repeatable)");
    add_ntp_port_option(*cmd, {&args->good.read, &args->bad.read});
    add_capture_options(*cmd, args->good.read, "good");
    add_capture_options(*cmd, args->bad.read, "bad");
    cmd->footer(
        "Text is coloured only on a terminal and never when NO_COLOR is set. docs/findings.md lists\n"
        "every finding.");
    cmd->callback([args, &exit_code] { exit_code = run_diff(*args); });
}

}  // namespace ntpscope::cli
