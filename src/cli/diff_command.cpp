// `ntpscope diff GOOD BAD`: compares a working host's trace with a failing host's and ranks the
// differences that matter for NTP. The exit status lets scripts gate on it.
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "cli/commands.hpp"
#include "app/output_file.hpp"
#include "app/read_host.hpp"
#include "core/diff/compare.hpp"
#include "core/model/error.hpp"
#include "core/report/diff_render.hpp"

namespace ntpscope::cli {

namespace {

struct DiffArgs {
    std::string good;
    std::string bad;
    std::string format = "text";
    std::string output;
    std::vector<std::string> aliases;
    ReadOptions good_input;  // each capture comes from its own host and day
    ReadOptions bad_input;
};

int run_diff(const DiffArgs& args) {
    diff::DiffOptions options;
    for (const std::string& text : args.aliases) {
        const auto alias = diff::parse_alias(text);
        if (!alias) throw InputError("--alias '" + text + "': expected ADDRESS=ADDRESS, e.g. 10.1.0.51=10.2.0.51");
        options.aliases.push_back(*alias);
    }
    const auto format = report::parse_diff_format(args.format);
    diff::DiffReport report = diff::compare_hosts(app::read_host(args.good, args.good_input),
                                                  app::read_host(args.bad, args.bad_input), options);
    const bool colour = *format == report::DiffFormat::text &&
                        report::want_colour(app::output_is_terminal(args.output), std::getenv("NO_COLOR"));
    app::write_output(args.output, report::render_diff(report, *format, colour));
    return report.exit_status();
}

}  // namespace

void set_diff_command(CLI::App& app, int& exit_code) {
    auto args = std::make_shared<DiffArgs>();
    auto* cmd = app.add_subcommand(
        "diff", "Compare a good and a bad host's traces and rank the differences that matter for NTP");
    cmd->add_option("good", args->good, "Trace, strace log or pcap of the host that works")->required();
    cmd->add_option("bad", args->bad, "Trace, strace log or pcap of the host that does not")->required();
    cmd->add_option("-f,--format", args->format, "text (default), markdown, json or html")
        ->check(CLI::IsMember({"text", "markdown", "json", "html"}));
    cmd->add_option("-o,--output", args->output, "Write the report to this file instead of stdout");
    cmd->add_option("--alias", args->aliases,
                    "A=B: addresses A and B are the same server (repeatable)");
    add_ntp_port_option(*cmd, {&args->good_input, &args->bad_input});
    add_capture_options(*cmd, args->good_input, "good");
    add_capture_options(*cmd, args->bad_input, "bad");
    cmd->footer(
        "Exit status: 0 when no finding is above info, 1 when there are warning or critical\n"
        "findings, 2 on error (unreadable or invalid input, bad option). Text is coloured only on a\n"
        "terminal and never when NO_COLOR is set. docs/findings.md lists every finding.");
    cmd->callback([args, &exit_code] { exit_code = run_diff(*args); });
}

}  // namespace ntpscope::cli
