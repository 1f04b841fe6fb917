// `ntpscope summary FILE`: what one host's NTP daemon did, rebuilt from a trace, strace log or
// pcap: an ntpq -p style peer table, its sockets and its clock discipline.
#include <memory>
#include <string>

#include "cli/commands.hpp"
#include "app/output_file.hpp"
#include "app/read_host.hpp"
#include "core/report/summary_render.hpp"

namespace ntpscope::cli {

namespace {

struct SummaryArgs {
    std::string input;
    std::string format = "text";
    std::string output;
    ReadOptions import;
};

int run_summary(const SummaryArgs& args) {
    const auto format = report::parse_summary_format(args.format);
    const analysis::HostModel model = app::read_host(args.input, args.import);
    app::write_output(args.output, report::render_summary(model, *format));
    return 0;
}

}  // namespace

void set_summary_command(CLI::App& app, int& exit_code) {
    auto args = std::make_shared<SummaryArgs>();
    auto* cmd = app.add_subcommand(
        "summary", "Rebuild one host's NTP peers (ntpq -p style), sockets and clock discipline from a trace");
    cmd->add_option("file", args->input, "Trace, strace log or pcap/pcapng capture")->required();
    cmd->add_option("-f,--format", args->format, "text (default), markdown or json")
        ->check(CLI::IsMember({"text", "markdown", "json"}));
    cmd->add_option("-o,--output", args->output, "Write the summary to this file instead of stdout");
    add_import_options(*cmd, args->import);
    cmd->callback([args, &exit_code] { exit_code = run_summary(*args); });
}

}  // namespace ntpscope::cli
