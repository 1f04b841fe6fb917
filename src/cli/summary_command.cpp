// `ntpscope summary FILE`: what one host's NTP daemon did, rebuilt from a trace, strace log or
// pcap: an ntpq -p style peer table, its sockets and its clock discipline.
#include <memory>
#include <string>

#include "app/output_file.hpp"
#include "app/read_host.hpp"
#include "app/report_output.hpp"
#include "cli/commands.hpp"

namespace ntpscope::cli {

namespace {

struct SummaryArgs {
    std::string input;
    std::string format = "text";
    std::string output;
    ReadOptions read;
};

}  // namespace

void set_summary_command(CLI::App& app, int& exit_code) {
    auto args = std::make_shared<SummaryArgs>();
    auto* cmd = app.add_subcommand(
        "summary", "Rebuild one host's NTP peers (ntpq -p style), sockets and clock discipline from a trace");
    cmd->add_option("file", args->input, "Trace, strace log or pcap/pcapng capture")->required();
    const auto formats = app::summary_format_names();
    cmd->add_option("-f,--format", args->format, app::describe_formats(formats))->check(CLI::IsMember(formats));
    cmd->add_option("-o,--output", args->output, "Write the summary to this file instead of stdout");
    add_import_options(*cmd, args->read);
    cmd->callback([args, &exit_code] {
        app::refuse_output_over_inputs(args->output, {args->input});
        app::write_summary(args->output, app::read_host(args->input, args->read), args->format);
        exit_code = 0;
    });
}

}  // namespace ntpscope::cli
