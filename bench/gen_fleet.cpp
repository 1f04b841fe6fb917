// Writes a synthetic fleet of ntpd multicast clients (bench/synthetic_fleet.hpp), one trace per
// host, DIR/client-NNNN.trace, for timing `ntpscope fleet` (bench/fleet_scale.sh):
//   gen_fleet --hosts 1000 --hours 24 -o /tmp/fleet
// Every 3rd host was just restarted (start-up volleys: noise), every 50th has the seed's fault.
#include <CLI/CLI.hpp>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <iostream>

#include <fmt/format.h>

#include "bench/synthetic_fleet.hpp"

int main(int argc, char** argv) {
    CLI::App app{"Write a synthetic fleet of ntpd multicast clients, one trace per host"};
    uint32_t hosts = 100;
    double hours = 24;
    uint32_t stuck_every = 50;
    std::string dir;
    app.add_option("-n,--hosts", hosts, "Hosts to write")->check(CLI::Range(1u, 100'000u));
    app.add_option("--hours", hours, "Length of each host's trace")->check(CLI::Range(0.1, 24.0 * 365));
    app.add_option("--stuck-every", stuck_every, "Every Nth host has the seed's fault (0: none)");
    app.add_option("-o,--output", dir, "Directory to write into (must exist)")->required();
    CLI11_PARSE(app, argc, argv);

    uint64_t events = 0;
    for (uint32_t i = 0; i < hosts; ++i) {
        const std::string path = fmt::format("{}/client-{:04}.trace", dir, i);
        std::FILE* out = std::fopen(path.c_str(), "w");
        if (!out) {
            std::cerr << "gen_fleet: " << path << ": " << std::strerror(errno) << '\n';
            return 1;
        }
        ntpscope::bench::FleetHostOptions options;
        options.index = i;
        options.hours = hours;
        options.restarted = i % 3 == 0;
        options.stuck = stuck_every && i % stuck_every == stuck_every - 1;
        try {
            events += ntpscope::bench::write_multicast_client(options, out);
        } catch (const std::exception& e) {
            std::cerr << "gen_fleet: " << path << ": " << e.what() << '\n';
            std::fclose(out);
            return 1;
        }
        if (std::fclose(out) != 0) {
            std::cerr << "gen_fleet: " << path << ": " << std::strerror(errno) << '\n';
            return 1;
        }
    }
    std::printf("hosts=%u events=%llu\n", hosts, static_cast<unsigned long long>(events));
    return 0;
}
