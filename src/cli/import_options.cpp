// The options every command that reads inputs shares (see ImportOptions).
#include "cli/commands.hpp"
#include "core/import/read_input.hpp"
#include "core/import/strace_clock.hpp"

namespace ntpscope::cli {

void add_import_options(CLI::App& command, ImportOptions& options) {
    command.add_option("--ntp-port", options.ntp_port, "pcap input: the UDP port that carries NTP (default 123)");
    command.add_option_function<std::string>(
        "--host-ip",
        [&options](const std::string& text) {
            options.host_ip = SockAddr::parse_ip(text);
            if (!options.host_ip) throw CLI::ValidationError("--host-ip", "'" + text + "' is not an IP address");
        },
        "pcap input: the address of the host the capture belongs to (default: inferred from the traffic)");
    command.add_option_function<std::string>(
        "--date",
        [&options](const std::string& text) {
            options.date = strace::parse_local_date(text);
            if (!options.date) throw CLI::ValidationError("--date", "'" + text + "' is not a date like 2011-08-26");
        },
        "strace input with -t/-tt times: the day of its first line, YYYY-MM-DD (default: from the file's mtime)");
}

}  // namespace ntpscope::cli
