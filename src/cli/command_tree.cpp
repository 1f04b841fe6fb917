#include "cli/command_tree.hpp"

#include <iostream>

namespace ntpscope::cli {

namespace {

// CLI11 describes an IsMember check as "{a,b,c}" at the end of the type name ("TEXT:{a,b}").
std::vector<std::string> choices_of(const std::string& type_name) {
    const auto open = type_name.find('{');
    const auto close = type_name.rfind('}');
    if (open == std::string::npos || close == std::string::npos || close < open) return {};
    std::vector<std::string> choices;
    std::string current;
    for (const char c : type_name.substr(open + 1, close - open - 1)) {
        if (c == ',') {
            choices.push_back(current);
            current.clear();
        } else {
            current += c;
        }
    }
    choices.push_back(current);
    return choices;
}

// CLI11's file checks name their type FILE or DIR; outputs and directories are named so here.
bool names_a_path(const std::vector<std::string>& long_names) {
    for (const auto& name : long_names)
        if (name == "output" || name == "dir") return true;
    return false;
}

OptionSpec option_spec(const CLI::Option& option) {
    OptionSpec spec;
    for (const auto& s : option.get_snames()) spec.names.push_back("-" + s);
    for (const auto& l : option.get_lnames()) spec.names.push_back("--" + l);
    spec.description = option.get_description();
    spec.takes_value = option.get_expected_max() > 0;  // flags expect no value
    if (spec.takes_value) {
        const std::string type_name = option.get_type_name();
        spec.choices = choices_of(type_name);
        spec.value_is_path = type_name.find("FILE") != std::string::npos || type_name.find("DIR") != std::string::npos ||
                             names_a_path(option.get_lnames());
    }
    return spec;
}

CommandSpec command_spec(const CLI::App& command, const std::string& name) {
    CommandSpec spec{name, command.get_description(), {}, false};
    for (const CLI::Option* option : command.get_options()) {
        if (option->get_group().empty()) continue;  // hidden
        if (option->nonpositional())
            spec.options.push_back(option_spec(*option));
        else
            spec.takes_paths = true;
    }
    return spec;
}

}  // namespace

std::vector<CommandSpec> command_tree(const CLI::App& app) {
    std::vector<CommandSpec> tree{command_spec(app, app.get_name())};
    // Option groups are nameless subcommands in CLI11; hidden subcommands have no group.
    for (const CLI::App* sub : app.get_subcommands({}))
        if (!sub->get_name().empty() && !sub->get_group().empty()) tree.push_back(command_spec(*sub, sub->get_name()));
    return tree;
}

std::string subcommand_list(const std::vector<CommandSpec>& tree) {
    std::string list;
    for (std::size_t i = 1; i < tree.size(); ++i) list += tree[i].name + '\t' + tree[i].description + '\n';
    return list;
}

void add_command_tree_options(CLI::App& app) {
    // No group: hidden from --help and from the completion itself.
    app.add_option_function<std::string>(
           "--completion",
           [&app](const std::string& shell) {
               const auto tree = command_tree(app);
               std::cout << (shell == "bash" ? bash_completion(tree) : zsh_completion(tree));
               throw CLI::Success();
           },
           "Print the shell completion script")
        ->check(CLI::IsMember({"bash", "zsh"}))
        ->group("");
    app.add_flag_callback(
           "--commands",
           [&app] {
               std::cout << subcommand_list(command_tree(app));
               throw CLI::Success();
           },
           "Print each subcommand and its description")
        ->group("");
}

}  // namespace ntpscope::cli
