#include "daemon_lab.hpp"

#include <sys/timex.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace ntpscope::test {

ClockStateGuard::ClockStateGuard() {
    timex tx{};
    adjtimex(&tx);  // modes 0: read only
    freq_ = tx.freq;
    status_ = tx.status;
    constant_ = tx.constant;
}

ClockStateGuard::~ClockStateGuard() {
    timex tx{};
    adjtimex(&tx);
    if (tx.freq == freq_ && tx.status == status_ && tx.constant == constant_) return;
    timex restore{};
    restore.modes = ADJ_FREQUENCY | ADJ_STATUS;
    restore.freq = freq_;
    restore.status = status_;
    adjtimex(&restore);
    // The kernel adds 4 to a time constant set in microsecond mode, so a plain restore drifts by
    // 4 on every run: set it in nanosecond mode, then switch back if the clock was not in it.
    // (After the status, which resets STA_NANO when it clears STA_PLL.)
    timex nano{};
    nano.modes = ADJ_NANO;
    adjtimex(&nano);
    timex constant{};
    constant.modes = ADJ_TIMECONST;
    constant.constant = constant_;
    adjtimex(&constant);
    if (!(status_ & STA_NANO)) {
        timex micro{};
        micro.modes = ADJ_MICRO;
        adjtimex(&micro);
    }
}

NtpsecPair::NtpsecPair() {
    link_with_veth({server_ns_, "nsv" + std::to_string(getpid()), kServerIp},
                   {client_ns_, "nsc" + std::to_string(getpid()), kClientIp});
    std::string common = "disable ntp\nrestrict default nomodify\nrestrict 127.0.0.1\n";
    auto files = [&](const std::string& who) {
        std::filesystem::create_directories(dir_.path() + "/" + who + "-stats");
        return "driftfile " + dir_.path() + "/" + who + ".drift\nlogfile " + dir_.path() + "/" + who +
               ".log\nstatsdir " + dir_.path() + "/" + who + "-stats/\n";
    };
    std::string server_conf = write_config("server", files("server") + common + "tos orphan 5 orphanwait 0\n");
    std::string client_conf = write_config(
        "client", files("client") + common + "server " + std::string(kServerIp) + " iburst minpoll 0 maxpoll 0\n");
    auto ntpd = [&](const NetNs& ns, const std::string& who, const std::string& conf) {
        std::vector<std::string> argv = in_ns_without_clock(ns);
        argv.insert(argv.end(), {"ntpd", "-n", "-c", conf, "-p", dir_.path() + "/" + who + ".pid", "-l",
                                 dir_.path() + "/" + who + ".log"});
        return std::make_unique<Child>(argv, false);
    };
    server_ = ntpd(server_ns_, "server", server_conf);
    // Orphan mode synchronises (leap 00, stratum 5) about a second after start; a client
    // started before gets unsynchronised replies first.
    wait_until([&] { return capture("ip netns exec " + server_ns_.name() + " ntpq -c 'rv 0 leap' 127.0.0.1 2>&1")
                                .find("leap=00") != std::string::npos; },
               std::chrono::seconds(30), "the NTPsec server did not synchronise in orphan mode");
    client_ = ntpd(client_ns_, "client", client_conf);
}

// Members end in reverse order: the daemons before their namespaces, files and clock guard.
NtpsecPair::~NtpsecPair() = default;

std::string NtpsecPair::write_config(const std::string& name, const std::string& body) const {
    std::string path = dir_.path() + "/" + name + ".conf";
    std::ofstream(path) << body;
    return path;
}

std::string NtpsecPair::ntpq_peers() const {
    return capture("ip netns exec " + client_ns_.name() + " ntpq -pn 127.0.0.1 2>&1");
}

}  // namespace ntpscope::test
