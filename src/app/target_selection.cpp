#include "app/target_selection.hpp"

#include <fmt/format.h>

#include <iostream>
#include <stdexcept>

namespace ntpscope::app {

std::string describe_candidates(const std::vector<TargetInfo>& candidates) {
    std::string out = fmt::format("  {:>8}  {:>12}  {}\n", "PID", "NETNS", "COMMAND");
    for (const auto& t : candidates) out += fmt::format("  {:>8}  {:>12}  {}\n", t.pid, t.netns, t.cmdline);
    return out;
}

std::vector<uint32_t> choose_daemon(const std::vector<TargetInfo>& candidates, bool interactive) {
    if (candidates.empty())
        throw std::runtime_error("no running ntpd, ntpsec or chronyd found; name the process with --pid PID or --comm NAME");
    if (candidates.size() == 1) return {candidates.front().pid};

    std::string list = describe_candidates(candidates);
    if (!interactive)
        throw std::runtime_error(fmt::format("{} NTP daemons are running; choose with --pid:\n{}", candidates.size(), list));
    std::cerr << candidates.size() << " NTP daemons are running:\n" << list << "Record which pid? ";
    std::string answer;
    std::getline(std::cin, answer);
    for (const auto& t : candidates)
        if (answer == std::to_string(t.pid)) return {t.pid};
    throw std::runtime_error(fmt::format("'{}' is not one of the listed pids", answer));
}

}  // namespace ntpscope::app
