// The CLI's own tree of subcommands and options, read from CLI11, for what packaging generates
// from it (shell completion, the man page list), so neither can drift from the code.
#pragma once

#include <CLI/CLI.hpp>

#include <string>
#include <vector>

namespace ntpscope::cli {

struct OptionSpec {
    std::vector<std::string> names;  // "-p", "--pid"
    std::string description;
    bool takes_value = false;
    std::vector<std::string> choices;  // from an IsMember check: "text", "json"
    bool value_is_path = false;        // --output, --dir, or a CLI11 FILE/DIR check
};

struct CommandSpec {
    std::string name;  // the program's own name for the first entry
    std::string description;
    std::vector<OptionSpec> options;  // visible ones only, --help included
    bool takes_paths = false;         // has positional arguments (inputs)
};

// The program itself first, then each visible subcommand in registration order.
std::vector<CommandSpec> command_tree(const CLI::App& app);

std::string bash_completion(const std::vector<CommandSpec>& tree);
std::string zsh_completion(const std::vector<CommandSpec>& tree);
// "NAME<TAB>DESCRIPTION" per subcommand: the man pages to generate, one each.
std::string subcommand_list(const std::vector<CommandSpec>& tree);

// Hidden options that print the above and exit 0: `--completion bash|zsh` and `--commands`.
// The build runs them on the built binary (cmake/package/). Call after every subcommand is added.
void add_command_tree_options(CLI::App& app);

}  // namespace ntpscope::cli
