// Writes a synthetic trace of an ntpd-like client (bench/synthetic_host.hpp) with TraceWriter:
//   gen_trace --events 10000000 --peers 6 -o client-10M.trace
//   gen_trace --events 3000000 --clients 100000 -o server-100k.trace
#include <CLI/CLI.hpp>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <iostream>

#include "bench/synthetic_host.hpp"

int main(int argc, char** argv) {
    CLI::App app{"Write a synthetic ntpscope trace of an NTP client with several peers"};
    uint64_t events = 1'000'000;
    ntpscope::bench::SyntheticOptions options;
    std::string output;
    app.add_option("-n,--events", events, "Events to write")->check(CLI::PositiveNumber);
    app.add_option("--peers", options.peers, "Unicast peers")->check(CLI::Range(1, 64));
    app.add_option("--poll", options.poll_log2, "Poll interval, log2 seconds")->check(CLI::Range(0, 17));
    app.add_option("--seed", options.seed, "Random seed (different seeds: different hosts)");
    app.add_option("--clients", options.clients, "Be a time server answering this many distinct clients instead")
        ->check(CLI::Range(1u, 1'000'000u));
    app.add_option("-o,--output", output, "Trace file")->required();
    CLI11_PARSE(app, argc, argv);

    std::FILE* out = std::fopen(output.c_str(), "w");
    if (!out) {
        std::cerr << "gen_trace: " << output << ": " << std::strerror(errno) << '\n';
        return 1;
    }
    try {
        ntpscope::bench::write_synthetic_trace(options, events, out);
    } catch (const std::exception& e) {
        std::cerr << "gen_trace: " << output << ": " << e.what() << '\n';
        return 1;
    }
    if (std::fclose(out) != 0) {
        std::cerr << "gen_trace: " << output << ": " << std::strerror(errno) << '\n';
        return 1;
    }
    return 0;
}
