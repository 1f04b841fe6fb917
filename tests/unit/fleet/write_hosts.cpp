// Writes a generated fleet (fleet_hosts.hpp) into DIR: `fleet_write_hosts DIR HEALTHY [faults]`
// gives HEALTHY healthy hosts (traces, strace logs and captures mixed), and with `faults` the
// four fault groups too. For fleet_cli_test.sh and for trying `ntpscope fleet` by hand.
#include <cstdio>
#include <exception>
#include <string>

#include "fleet_hosts.hpp"

int main(int argc, char** argv) {
    using namespace ntpscope::fleet::test;
    if (argc < 3 || argc > 4 || (argc == 4 && std::string(argv[3]) != "faults")) {
        std::fprintf(stderr, "usage: %s DIR HEALTHY [faults]\n", argv[0]);
        return 2;
    }
    try {
        write_fleet(mixed_fleet(static_cast<uint32_t>(std::stoul(argv[2])), argc == 4), argv[1]);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "%s\n", e.what());
        return 1;
    }
    return 0;
}
