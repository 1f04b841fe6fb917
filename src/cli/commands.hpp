// Each subcommand lives in its own file and registers itself here (mamba's pattern).
// A command stores its process exit status in `exit_code` from its callback.
#pragma once

#include <CLI/CLI.hpp>

#include <vector>

namespace ntpscope {
struct ReadOptions;
}

namespace ntpscope::cli {

void set_record_command(CLI::App& app, int& exit_code);
void set_diff_command(CLI::App& app, int& exit_code);
void set_export_command(CLI::App& app, int& exit_code);
void set_summary_command(CLI::App& app, int& exit_code);
void set_fleet_command(CLI::App& app, int& exit_code);
void set_watch_command(CLI::App& app, int& exit_code);
void set_top_command(CLI::App& app, int& exit_code);
// --ntp-port, --host-ip and --date for a command that reads inputs (import_options.cpp).
void add_import_options(CLI::App& command, ReadOptions& options);
// --ntp-port, for every input of a command.
void add_ntp_port_option(CLI::App& command, std::vector<ReadOptions*> inputs);
// --host-ip and --date alone, as --SIDE-host-ip and --SIDE-date when `side` is not empty.
void add_capture_options(CLI::App& command, ReadOptions& options, const std::string& side);
// --date alone (--SIDE-date): for many hosts' inputs, where one --host-ip cannot fit them all.
void add_date_option(CLI::App& command, ReadOptions& options, const std::string& side);

}  // namespace ntpscope::cli
