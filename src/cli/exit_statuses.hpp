// The exit statuses, listed once: main.cpp puts them in every --help (so in the man pages
// generated from it too). Each command returns them itself; this is their one description.
#pragma once

#include <CLI/CLI.hpp>

namespace ntpscope::cli {

// The program's footer lists every status; each subcommand's lists those it can return.
// Call after every subcommand is registered.
void add_exit_status_footers(CLI::App& app);

}  // namespace ntpscope::cli
