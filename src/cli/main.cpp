#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <exception>
#include <iostream>

#include "app/version_text.hpp"
#include "cli/command_tree.hpp"
#include "cli/commands.hpp"
#include "cli/exit_statuses.hpp"
#include "core/model/error.hpp"

int main(int argc, char** argv) {
    // stdout may be the trace (`record -o -`) or a report: logs always go to stderr.
    spdlog::set_default_logger(spdlog::stderr_color_mt("ntpscope"));
    spdlog::set_pattern("ntpscope: %^%l%$: %v");

    // Named, not argv[0]: --help, the man pages and the completion say `ntpscope`, whatever the path.
    CLI::App app{"ntpscope: record, analyse and compare what NTP daemons do on the wire", "ntpscope"};
    app.require_subcommand(1);
    app.set_version_flag(
        "--version", [] { return ntpscope::app::version_text(NTPSCOPE_VERSION); },
        "Print the version and the kernel features found, then exit");
    int exit_code = 0;
    ntpscope::cli::set_record_command(app, exit_code);
    ntpscope::cli::set_diff_command(app, exit_code);
    ntpscope::cli::set_export_command(app, exit_code);
    ntpscope::cli::set_summary_command(app, exit_code);
    ntpscope::cli::set_fleet_command(app, exit_code);
    ntpscope::cli::set_watch_command(app, exit_code);
    ntpscope::cli::set_top_command(app, exit_code);
    ntpscope::cli::add_exit_status_footers(app);
    ntpscope::cli::add_command_tree_options(app);

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return app.exit(e) == 0 ? 0 : 2;
    } catch (const ntpscope::InputError& e) {
        std::cerr << "ntpscope: " << e.what() << '\n';
        return 2;
    } catch (const std::exception& e) {
        std::cerr << "ntpscope: " << e.what() << '\n';
        return 2;
    }
    return exit_code;
}
