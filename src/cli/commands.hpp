// Each subcommand lives in its own file and registers itself here (mamba's pattern).
// A command stores its process exit status in `exit_code` from its callback.
#pragma once

#include <CLI/CLI.hpp>

namespace ntpscope {
struct ImportOptions;
}

namespace ntpscope::cli {

void set_record_command(CLI::App& app, int& exit_code);
void set_diff_command(CLI::App& app, int& exit_code);
void set_export_command(CLI::App& app, int& exit_code);
void set_summary_command(CLI::App& app, int& exit_code);
// --ntp-port, --host-ip and --date for a command that reads inputs (defined in export_command.cpp).
void add_import_options(CLI::App& command, ImportOptions& options);

}  // namespace ntpscope::cli
