// The options every command that reads inputs shares (see ReadOptions).
#include <optional>
#include <string>

#include "cli/commands.hpp"
#include "core/model/read_options.hpp"
#include "app/date_option.hpp"

namespace ntpscope::cli {

namespace {

// An option whose text `parse` turns into `target`; a text it refuses is an error naming the
// option and what was expected.
template <class T, class Parse>
void add_parsed_option(CLI::App& command, const std::string& name, std::optional<T>& target, Parse parse,
                       const std::string& expected, const std::string& help) {
    command.add_option_function<std::string>(
        name,
        [&target, parse, name, expected](const std::string& text) {
            target = parse(text);
            if (!target) throw CLI::ValidationError(name, "'" + text + "' is not " + expected);
        },
        help);
}

// diff reads two captures from two hosts: each side gets its own --good-/--bad- options.
std::string option_prefix(const std::string& side) { return side.empty() ? "--" : "--" + side + "-"; }
std::string whose(const std::string& side) { return side.empty() ? "" : " (" + side + " input)"; }

}  // namespace

void add_date_option(CLI::App& command, ReadOptions& options, const std::string& side) {
    add_parsed_option(command, option_prefix(side) + "date", options.date, app::parse_date_option,
                      "a date like 2011-08-26",
                      "strace input with -t/-tt times: the day of its first line, YYYY-MM-DD (default: from the "
                      "log's kernel timestamps, else the file's mtime)" + whose(side));
}

void add_capture_options(CLI::App& command, ReadOptions& options, const std::string& side) {
    add_parsed_option(command, option_prefix(side) + "host-ip", options.host_ip, SockAddr::parse_ip, "an IP address",
                      "pcap input: the address of the host the capture belongs to (default: inferred from the "
                      "traffic)" + whose(side));
    add_date_option(command, options, side);
}

void add_ntp_port_option(CLI::App& command, std::vector<ReadOptions*> inputs) {
    command.add_option_function<uint16_t>(
        "--ntp-port", [inputs](uint16_t port) {
            for (ReadOptions* input : inputs) input->ntp_port = port;
        },
        "pcap input: the UDP port that carries NTP (default " + std::to_string(kNtpPort) + ")");
}

void add_import_options(CLI::App& command, ReadOptions& options) {
    add_ntp_port_option(command, {&options});
    add_capture_options(command, options, "");
}

}  // namespace ntpscope::cli
