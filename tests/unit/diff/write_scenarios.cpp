// Writes every diff scenario as a pair of native traces, DIR/NAME-good.trace and
// DIR/NAME-bad.trace, for the CLI test (diff_cli_test.sh) and for trying `ntpscope diff` by hand.
#include <cstdio>
#include <exception>
#include <string>
#include <utility>

#include "scenarios.hpp"

int main(int argc, char** argv) {
    using namespace ntpscope::diff::test;
    if (argc != 2) {
        std::fprintf(stderr, "usage: %s DIR\n", argv[0]);
        return 2;
    }
    const std::string dir = argv[1];
    const std::pair<const char*, HostPair (*)()> scenarios[] = {
        {"seed", seed_stuck_multicast}, {"kod-rate", kod_rate},       {"lost-replies", lost_replies},
        {"crypto-nak", crypto_nak},     {"wrong-key", wrong_key},     {"clock-step", clock_step},
        {"healthy-unicast", healthy_unicast}, {"healthy-multicast", healthy_multicast},
    };
    try {
        for (const auto& [name, build] : scenarios) {
            const HostPair hosts = build();
            hosts.good.write(dir + "/" + name + "-good.trace");
            hosts.bad.write(dir + "/" + name + "-bad.trace");
        }
    } catch (const std::exception& e) {
        std::fprintf(stderr, "%s\n", e.what());
        return 1;
    }
    return 0;
}
