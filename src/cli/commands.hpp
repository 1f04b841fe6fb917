// Each subcommand lives in its own file and registers itself here (mamba's pattern).
// A command stores its process exit status in `exit_code` from its callback.
#pragma once

#include <CLI/CLI.hpp>

namespace ntpscope::cli {

void set_record_command(CLI::App& app, int& exit_code);

}  // namespace ntpscope::cli
