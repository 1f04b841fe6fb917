// `ntpscope export INPUT -o OUT.pcapng`: any input the tool reads (trace, strace log, pcap) as
// pcapng for Wireshark.
#include <spdlog/spdlog.h>

#include <memory>
#include <string>

#include "app/export_pcapng.hpp"
#include "cli/commands.hpp"

namespace ntpscope::cli {

namespace {

struct ExportArgs {
    std::string input;
    std::string output;
    ReadOptions read;
};

int run_export(const ExportArgs& args) {
    const app::ExportCounts n = app::export_pcapng(args.input, args.output, args.read,
                                                   [](const std::string& message) { spdlog::warn("{}", message); });
    spdlog::info("{}: {} packets and {} event notes written to {}", args.input, n.packets, n.notes,
                 args.output == "-" ? "stdout" : args.output);
    return 0;
}

}  // namespace

void set_export_command(CLI::App& app, int& exit_code) {
    auto args = std::make_shared<ExportArgs>();
    auto* cmd = app.add_subcommand("export", "Write a trace, strace log or capture as pcapng for Wireshark");
    cmd->add_option("input", args->input, "Trace, strace log or pcap/pcapng capture")->required();
    cmd->add_option("-o,--output", args->output, "The pcapng file to write, - for stdout")->required();
    add_import_options(*cmd, args->read);
    cmd->footer(
        "Each UDP packet stands for one send or receive call, rebuilt from the socket addresses; its\n"
        "comment names the call, fd, pid and errno. Clock calls, socket life cycle and failed calls are\n"
        "syslog messages from 127.0.0.1 to port 514 at their time. docs/import-export.md has the details.");
    cmd->callback([args, &exit_code] { exit_code = run_export(*args); });
}

}  // namespace ntpscope::cli
