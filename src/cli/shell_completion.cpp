// bash and zsh completion scripts, written from the command tree: subcommand names, each
// command's options, IsMember choices for an option's value, file names for paths and inputs.
#include <string>

#include "cli/command_tree.hpp"

namespace ntpscope::cli {

namespace {

std::string single_quoted(const std::string& text) {
    std::string quoted = "'";
    for (const char c : text) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return quoted + "'";
}

std::string joined(const std::vector<std::string>& words, const char* separator = " ") {
    std::string text;
    for (const auto& w : words) text += (text.empty() ? "" : separator) + w;
    return text;
}

// The main program's own options are keyed by an empty command.
std::string command_key(const std::vector<CommandSpec>& tree, std::size_t i) { return i == 0 ? "" : tree[i].name; }

// In an _arguments spec the description sits in [...] and colons separate fields.
std::string zsh_escaped(const std::string& text) {
    std::string escaped;
    for (const char c : text) {
        if (c == '[' || c == ']' || c == ':' || c == '\\') escaped += '\\';
        escaped += c;
    }
    return escaped;
}

std::string zsh_option_specs(const CommandSpec& command, const std::string& indent) {
    std::string specs;
    for (const OptionSpec& option : command.options) {
        const std::string value = !option.takes_value      ? ""
                                  : !option.choices.empty() ? ":value:(" + joined(option.choices) + ")"
                                  : option.value_is_path    ? ":file:_files"
                                                            : ":value: ";
        // '*': options may be repeated (--pid, --comm); CLI11 rejects what may not.
        for (const auto& name : option.names)
            specs += indent + single_quoted("*" + name + "[" + zsh_escaped(option.description) + "]" + value) +
                     " \\\n";
    }
    if (command.takes_paths) specs += indent + "'*:file:_files' \\\n";
    return specs;
}

}  // namespace

std::string bash_completion(const std::vector<CommandSpec>& tree) {
    const std::string program = tree.front().name;
    std::vector<std::string> subcommands;
    for (std::size_t i = 1; i < tree.size(); ++i) subcommands.push_back(tree[i].name);

    std::string options_by_command;  // case arms setting `options` and `paths`
    std::string value_arms;          // case arms completing the value of the option before the cursor
    for (std::size_t i = 0; i < tree.size(); ++i) {
        const CommandSpec& command = tree[i];
        std::vector<std::string> names;
        for (const OptionSpec& option : command.options) {
            names.insert(names.end(), option.names.begin(), option.names.end());
            if (!option.takes_value) continue;
            std::string patterns;
            for (const auto& name : option.names)
                patterns += (patterns.empty() ? "" : "|") + single_quoted(command_key(tree, i) + " " + name);
            const std::string reply = !option.choices.empty() ? "$(compgen -W " + single_quoted(joined(option.choices)) +
                                                                    " -- \"$cur\")"
                                      : option.value_is_path ? "$(compgen -f -- \"$cur\")"
                                                             : "";
            value_arms += "        " + patterns + ") COMPREPLY=(" + reply + "); return ;;\n";
        }
        options_by_command += "        " + single_quoted(command_key(tree, i)) + ") options=" +
                              single_quoted(joined(names)) + " paths=" + (command.takes_paths ? "1" : "") + " ;;\n";
    }

    return "# bash completion for " + program + ", generated from its own options by `" + program +
           " --completion bash`.\n"
           "_" + program + "() {\n"
           "    local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]} command= options= paths= i\n"
           "    for ((i = 1; i < COMP_CWORD; i++)); do\n"
           "        case ${COMP_WORDS[i]} in\n"
           "            " + joined(subcommands, "|") + ") command=${COMP_WORDS[i]}; break ;;\n"
           "        esac\n"
           "    done\n"
           "    case \"$command $prev\" in\n" + value_arms +
           "    esac\n"
           "    case $command in\n" + options_by_command +
           "    esac\n"
           "    if [[ $cur == -* ]]; then\n"
           "        COMPREPLY=($(compgen -W \"$options\" -- \"$cur\"))\n"
           "    elif [[ -z $command ]]; then\n"
           "        COMPREPLY=($(compgen -W " + single_quoted(joined(subcommands)) + " -- \"$cur\"))\n"
           "    elif [[ -n $paths ]]; then\n"
           "        COMPREPLY=($(compgen -f -- \"$cur\"))\n"
           "    else\n"
           "        COMPREPLY=($(compgen -W \"$options\" -- \"$cur\"))\n"
           "    fi\n"
           "}\n"
           "complete -o filenames -F _" + program + " " + program + "\n";
}

std::string zsh_completion(const std::vector<CommandSpec>& tree) {
    const std::string program = tree.front().name;
    std::string described;  // name:description for _describe
    std::string arguments;  // one _arguments call per subcommand
    for (std::size_t i = 1; i < tree.size(); ++i) {
        described += "        " + single_quoted(zsh_escaped(tree[i].name) + ":" + tree[i].description) + "\n";
        std::string specs = zsh_option_specs(tree[i], "                        ");
        if (specs.ends_with(" \\\n")) specs.resize(specs.size() - 3);  // the last line continues nothing
        arguments += "                (" + tree[i].name + ") _arguments \\\n" + specs + " ;;\n";
    }
    return "#compdef " + program + "\n"
           "# zsh completion for " + program + ", generated from its own options by `" + program +
           " --completion zsh`.\n"
           "_" + program + "() {\n"
           "    local curcontext=$curcontext state line\n"
           "    local -a commands=(\n" + described +
           "    )\n"
           "    _arguments -C \\\n" + zsh_option_specs(tree.front(), "        ") +
           "        '1:command:->command' \\\n"
           "        '*::argument:->argument'\n"
           "    case $state in\n"
           "        (command) _describe -t commands command commands ;;\n"
           "        (argument)\n"
           "            case $words[1] in\n" + arguments +
           "            esac ;;\n"
           "    esac\n"
           "}\n"
           "_" + program + " \"$@\"\n";
}

}  // namespace ntpscope::cli
