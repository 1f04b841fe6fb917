#include "fleet_hosts.hpp"

#include <cstdio>
#include <memory>
#include <stdexcept>

#include <fmt/format.h>

#include "core/export/pcapng_export.hpp"
#include "strace_log.hpp"

namespace ntpscope::fleet::test {

using namespace diff::test;

namespace {

constexpr const char* kS12 = "10.1.0.12";
constexpr const char* kS52 = "10.1.0.52";

std::unique_ptr<std::FILE, int (*)(std::FILE*)> open_file(const std::string& path) {
    std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(path.c_str(), "wb"), &std::fclose);
    if (!file) throw std::runtime_error("cannot write " + path);
    return file;
}

void write_pcapng(const HostTrace& host, const std::string& path) {
    auto file = open_file(path);
    pcapng::PcapngExporter exporter(file.get(), path, [](const std::string&) {});
    exporter.on_header(host.header);
    for (const Event& e : host.events) exporter.on_event(e);
    exporter.on_footer(TraceFooter{.end = host.end, .events = host.events.size(), .lost = 0});
    exporter.finish();
}

}  // namespace

HostTrace multicast_client(const std::string& name, uint32_t n, Fault fault) {
    const std::string address = fmt::format("10.1.{}.{}:123", 1 + n / 200, 20 + n % 200);
    const auto iface_fd = static_cast<int32_t>(16 + n % 7);
    const auto group_fd = static_cast<int32_t>(24 + n % 5);
    const int64_t start = kStart + (n % 11) * 37 * kMinute;
    const int64_t duration = kHour + (n % 4) * 45 * kMinute;
    NtpdClient host(name, address.c_str(), iface_fd, group_fd, start, duration, 100 + n);
    for (const char* server : kMulticastServers) {
        if (fault == Fault::deaf_to_s12 && std::string_view(server) == kS12) continue;
        host.hears_multicast(server);
        if (n % 3 == 0) host.volley(server, start + 40 * kSecond);
        if (n % 4 == 1) host.volley(server, start + duration / 2);
    }
    ServerBehaviour stuck;
    stuck.poll = 10;
    if (fault == Fault::stuck_on_s51) host.polls(kS51, stuck);
    if (fault == Fault::stuck_on_s52) host.polls(kS52, stuck);
    host.disciplines();
    if (fault == Fault::steps_clock) {
        host.steps_clock(start + 20 * kMinute, 0.9);
        host.steps_clock(start + 50 * kMinute, -0.4);
    }
    return host.trace();
}

std::vector<FleetHost> mixed_fleet(uint32_t healthy, bool with_faults) {
    std::vector<FleetHost> fleet;
    for (uint32_t i = 0; i < healthy; ++i)
        fleet.push_back({fmt::format("host-{:02}", i), Fault::none,
                         i % 5 == 4 ? Format::strace : i % 7 == 6 ? Format::pcap : Format::trace});
    if (!with_faults) return fleet;
    const auto add = [&](const char* prefix, Fault fault, int count) {
        for (int i = 0; i < count; ++i) fleet.push_back({fmt::format("{}-{}", prefix, i), fault, Format::trace});
    };
    add("stuck51", Fault::stuck_on_s51, 3);
    add("stuck52", Fault::stuck_on_s52, 2);
    add("deaf12", Fault::deaf_to_s12, 2);
    add("stepper", Fault::steps_clock, 2);
    return fleet;
}

std::string write_host(const FleetHost& host, uint32_t n, const std::string& dir) {
    const HostTrace trace = multicast_client(host.name, n, host.fault);
    switch (host.format) {
        case Format::trace: {
            const std::string path = dir + "/" + host.name + ".trace";
            trace.write(path);
            return path;
        }
        case Format::strace: {
            const std::string path = dir + "/" + host.name + ".strace";
            write_strace_log(trace, path);
            return path;
        }
        case Format::pcap: {
            const std::string path = dir + "/" + host.name + ".pcapng";
            write_pcapng(trace, path);
            return path;
        }
    }
    return {};
}

std::vector<std::string> write_fleet(const std::vector<FleetHost>& fleet, const std::string& dir) {
    std::vector<std::string> paths;
    for (uint32_t n = 0; n < fleet.size(); ++n) paths.push_back(write_host(fleet[n], n, dir));
    return paths;
}

}  // namespace ntpscope::fleet::test
