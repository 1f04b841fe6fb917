#include "app/fleet.hpp"

#include <filesystem>
#include <map>
#include <optional>
#include <utility>

#include "app/fleet_inputs.hpp"
#include "app/output_file.hpp"
#include "app/parallel.hpp"
#include "app/read_host.hpp"
#include "core/model/error.hpp"

namespace ntpscope::app {

namespace {

// Any failure to read one input is that input's problem, reported by name; the rest go on.
template <class Work>
std::optional<std::string> failure_of(const std::string& path, Work work) {
    try {
        work();
        return std::nullopt;
    } catch (const InputError& e) {
        return e.what();
    } catch (const std::exception& e) {
        return path + ": " + e.what();
    }
}

std::map<std::string, size_t> counts(const std::vector<fleet::HostSummary>& hosts,
                                     std::string fleet::HostSummary::*name) {
    std::map<std::string, size_t> n;
    for (const fleet::HostSummary& h : hosts) ++n[h.*name];
    return n;
}

// The full models of the groups' typical hosts, read again one group at a time (a summary
// keeps only kilobytes of each host): the majority's first, then each group's findings.
void compare_groups(fleet::FleetReport& report, const FleetRequest& request) {
    if (report.groups.size() == 1) return;
    const auto read_typical = [&](size_t g) {
        return read_host(report.hosts[report.groups[g].typical].input, request.read);
    };
    const analysis::HostModel majority = read_typical(0);
    std::vector<std::optional<std::string>> errors(report.groups.size());
    parallel_for(report.groups.size() - 1, request.jobs, [&](size_t i) {
        const size_t g = i + 1;
        errors[g] = failure_of(report.hosts[report.groups[g].typical].input, [&] {
            report.groups[g].findings = fleet::findings_against_majority(majority, read_typical(g));
        });
    });
    for (const auto& error : errors)
        if (error) throw InputError(*error + " (it was read once: did it change?)");
}

}  // namespace

void name_hosts(std::vector<fleet::HostSummary>& hosts) {
    const auto header_hosts = counts(hosts, &fleet::HostSummary::header_host);
    for (fleet::HostSummary& h : hosts)
        h.name = !h.header_host.empty() && header_hosts.at(h.header_host) == 1
                     ? h.header_host
                     : std::filesystem::path(h.input).stem().string();
    const auto names = counts(hosts, &fleet::HostSummary::name);
    for (fleet::HostSummary& h : hosts)
        if (names.at(h.name) > 1 || h.name.empty()) h.name = h.input;
}

FleetRun run_fleet(const FleetRequest& request) {
    FleetInputs inputs = expand_inputs(request.inputs);
    refuse_output_over_inputs(request.output, inputs.files);
    std::vector<std::optional<fleet::HostSummary>> read(inputs.files.size());
    std::vector<std::optional<std::string>> errors(inputs.files.size());
    parallel_for(inputs.files.size(), request.jobs, [&](size_t i) {
        const std::string& path = inputs.files[i];
        errors[i] = failure_of(path, [&] { read[i] = fleet::summarize_host(read_host(path, request.read), path); });
    });

    std::vector<fleet::HostSummary> hosts;
    for (size_t i = 0; i < read.size(); ++i) {
        if (read[i]) hosts.push_back(std::move(*read[i]));
        else inputs.unreadable.push_back({inputs.files[i], *errors[i]});
    }
    if (hosts.empty()) {
        if (inputs.unreadable.empty()) throw InputError("no trace, strace log or capture among the inputs");
        if (inputs.unreadable.size() == 1) throw InputError(inputs.unreadable.front().error);
        throw InputError(std::to_string(inputs.unreadable.size()) +
                         " inputs and none could be read; the first: " + inputs.unreadable.front().error);
    }
    name_hosts(hosts);
    FleetRun run{fleet::build_fleet(std::move(hosts), std::move(inputs.unreadable)), inputs.skipped};
    compare_groups(run.report, request);
    return run;
}

}  // namespace ntpscope::app
