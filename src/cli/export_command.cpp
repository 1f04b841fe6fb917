// `ntpscope export INPUT -o OUT.pcapng`: any input the tool reads (trace, strace log, pcap) as
// pcapng for Wireshark. Also home of the import options every command that reads inputs shares.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <spdlog/spdlog.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <stdexcept>
#include <string>
#include <utility>

#include "cli/commands.hpp"
#include "core/export/pcapng_export.hpp"
#include "core/import/read_input.hpp"
#include "core/import/strace_clock.hpp"
#include "core/model/error.hpp"

namespace ntpscope::cli {

namespace {

struct ExportArgs {
    std::string input;
    std::string output;
    ImportOptions import;
};

// The pcapng goes to a temporary file beside OUT that becomes OUT only when the export has
// succeeded: a failed export never leaves a half-written file under the name asked for.
class PendingOutput {
public:
    explicit PendingOutput(const std::string& path) : path_(path) {
        if (path == "-") {
            file_ = stdout;
            return;
        }
        temp_ = path + ".XXXXXX";
        int fd = ::mkstemp(temp_.data());
        if (fd < 0) throw std::runtime_error(path + ": cannot create: " + std::strerror(errno));
        // 0600 like a trace: the packets hold a production host's addresses and payloads.
        ::fchmod(fd, 0600);
        file_ = ::fdopen(fd, "wb");
        if (!file_) {
            ::close(fd);
            ::unlink(temp_.c_str());
            throw std::runtime_error(path + ": cannot create: " + std::strerror(errno));
        }
    }
    ~PendingOutput() {
        if (file_ && file_ != stdout) {
            std::fclose(file_);
            ::unlink(temp_.c_str());
        }
    }
    PendingOutput(const PendingOutput&) = delete;
    PendingOutput& operator=(const PendingOutput&) = delete;

    std::FILE* file() const { return file_; }

    void commit() {
        if (file_ == stdout) return;
        std::FILE* file = std::exchange(file_, nullptr);
        if (std::fclose(file) != 0 || std::rename(temp_.c_str(), path_.c_str()) != 0) {
            int err = errno;
            ::unlink(temp_.c_str());
            throw std::runtime_error(path_ + ": cannot write: " + std::strerror(err));
        }
    }

private:
    std::string path_;
    std::string temp_;
    std::FILE* file_ = nullptr;
};

int run_export(const ExportArgs& args) {
    PendingOutput output(args.output);
    PcapngExporter exporter(output.file(), args.input, [](const std::string& message) { spdlog::warn("{}", message); });
    read_input(args.input, exporter, args.import);
    exporter.finish();
    output.commit();
    spdlog::info("{}: {} packets and {} event notes written to {}", args.input, exporter.packets(), exporter.notes(),
                 args.output == "-" ? "stdout" : args.output);
    return 0;
}

}  // namespace

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

void set_export_command(CLI::App& app, int& exit_code) {
    auto args = std::make_shared<ExportArgs>();
    auto* cmd = app.add_subcommand("export", "Write a trace, strace log or capture as pcapng for Wireshark");
    cmd->add_option("input", args->input, "Trace, strace log or pcap/pcapng capture")->required();
    cmd->add_option("-o,--output", args->output, "The pcapng file to write, - for stdout")->required();
    add_import_options(*cmd, args->import);
    cmd->footer(
        "Each UDP packet stands for one send or receive call, rebuilt from the socket addresses; its\n"
        "comment names the call, fd, pid and errno. Clock calls, socket life cycle and failed calls are\n"
        "syslog messages from 127.0.0.1 to port 514 at their time. docs/import-export.md has the details.");
    cmd->callback([args, &exit_code] { exit_code = run_export(*args); });
}

}  // namespace ntpscope::cli
