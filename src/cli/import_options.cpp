// The options every command that reads inputs shares (see ImportOptions).
#include "cli/commands.hpp"
#include "core/import/read_input.hpp"
#include "core/import/strace_clock.hpp"

namespace ntpscope::cli {

void add_capture_options(CLI::App& command, ImportOptions& options, const std::string& side) {
    // diff reads two captures from two hosts: each side gets its own --good-/--bad- options.
    const std::string prefix = side.empty() ? "--" : "--" + side + "-";
    const std::string whose = side.empty() ? "" : " (" + side + " input)";
    const std::string host_ip = prefix + "host-ip";
    command.add_option_function<std::string>(
        host_ip,
        [&options, host_ip](const std::string& text) {
            options.host_ip = SockAddr::parse_ip(text);
            if (!options.host_ip) throw CLI::ValidationError(host_ip, "'" + text + "' is not an IP address");
        },
        "pcap input: the address of the host the capture belongs to (default: inferred from the traffic)" + whose);
    const std::string date = prefix + "date";
    command.add_option_function<std::string>(
        date,
        [&options, date](const std::string& text) {
            options.date = strace::parse_local_date(text);
            if (!options.date) throw CLI::ValidationError(date, "'" + text + "' is not a date like 2011-08-26");
        },
        "strace input with -t/-tt times: the day of its first line, YYYY-MM-DD (default: from the file's mtime)" +
            whose);
}

void add_import_options(CLI::App& command, ImportOptions& options) {
    command.add_option("--ntp-port", options.ntp_port, "pcap input: the UDP port that carries NTP (default 123)");
    add_capture_options(command, options, "");
}

}  // namespace ntpscope::cli
