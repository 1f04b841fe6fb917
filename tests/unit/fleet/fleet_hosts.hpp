// Generated fleets for the fleet tests: the seed's multicast clients, each with its own noise
// (fds, address, time of day, trace length, a restart's volley or none), some with a fault,
// written as native traces, strace logs or pcapng captures.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "../diff/scenarios.hpp"

namespace ntpscope::fleet::test {

enum class Fault {
    none,
    stuck_on_s51,  // the seed: stays a unicast client of 10.1.0.51 (mode 3 every ~1024 s)
    stuck_on_s52,  // the same with 10.1.0.52
    deaf_to_s12,   // never hears 10.1.0.12's multicast packets
    steps_clock,   // steps its clock twice
};

enum class Format { trace, strace, pcap };

struct FleetHost {
    std::string name;
    Fault fault = Fault::none;
    Format format = Format::trace;
};

// Host number `n` of a fleet: a multicast client of the four servers. Its fds, address, start,
// length (1 to 4 h) follow from n; every third host was just restarted (a volley to each
// server at its start), every fourth restarts in the middle of its trace (another volley).
diff::test::HostTrace multicast_client(const std::string& name, uint32_t n, Fault fault);

// `healthy` hosts host-00.. (every fifth an strace log, every seventh a capture), then the
// faulty ones: 3 stuck on s51, 2 stuck on s52, 2 deaf to s12, 2 stepping their clock.
std::vector<FleetHost> mixed_fleet(uint32_t healthy, bool with_faults);

// Writes the host to DIR/NAME.trace, .strace or .pcapng; returns the path.
std::string write_host(const FleetHost& host, uint32_t n, const std::string& dir);
// Every host of `fleet`, numbered in order; the paths.
std::vector<std::string> write_fleet(const std::vector<FleetHost>& fleet, const std::string& dir);

}  // namespace ntpscope::fleet::test
