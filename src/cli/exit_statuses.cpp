#include "cli/exit_statuses.hpp"

#include <array>
#include <string>
#include <string_view>

namespace ntpscope::cli {

namespace {

struct ExitStatus {
    int code;
    std::string_view command;  // empty: every command
    std::string_view meaning;
};

constexpr std::array kExitStatuses{
    ExitStatus{0, "", "success"},
    ExitStatus{1, "diff", "warning or critical findings (0: none above info)"},
    ExitStatus{1, "fleet", "some hosts are outside the majority (0: every host is in it)"},
    ExitStatus{2, "", "error: unreadable or invalid input, bad option, I/O error"},
    ExitStatus{3, "record", "events were lost (ring buffer full); the trace footer counts them"},
};

// `command` empty: the program's footer, naming the command of each command-specific status.
std::string footer_for(std::string_view command) {
    std::string footer = "Exit status:";
    for (const ExitStatus& s : kExitStatuses) {
        if (!command.empty() && !s.command.empty() && s.command != command) continue;
        footer += "\n  " + std::to_string(s.code) + "  ";
        if (command.empty() && !s.command.empty()) footer += std::string(s.command) + ": ";
        footer += s.meaning;
    }
    return footer;
}

}  // namespace

void add_exit_status_footers(CLI::App& app) {
    app.footer(footer_for(""));
    // The statuses come last, after a command's own footer (what its report means, where its
    // docs are): the man page generator makes them its EXIT STATUS section.
    for (CLI::App* sub : app.get_subcommands({})) {
        if (sub->get_name().empty()) continue;
        const std::string own = sub->get_footer();
        sub->footer((own.empty() ? "" : own + "\n\n") + footer_for(sub->get_name()));
    }
}

}  // namespace ntpscope::cli
