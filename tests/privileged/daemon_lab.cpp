#include "daemon_lab.hpp"

#include <sys/timex.h>
#include <unistd.h>

#include <cstdlib>
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
    std::string tag = std::to_string(getpid());
    dir_ = std::filesystem::temp_directory_path() / ("ntpscope-daemon-" + tag);
    std::filesystem::create_directories(dir_);
    server_ns_ = "ntpscope-srv" + tag;
    client_ns_ = "ntpscope-cli" + tag;
    std::string veth_s = "nsv" + tag;
    std::string veth_c = "nsc" + tag;
    sh("ip netns add " + server_ns_);
    sh("ip netns add " + client_ns_);
    sh("ip link add " + veth_s + " netns " + server_ns_ + " type veth peer name " + veth_c + " netns " + client_ns_);
    sh("ip -n " + server_ns_ + " addr add " + kServerIp + "/24 dev " + veth_s);
    sh("ip -n " + client_ns_ + " addr add " + kClientIp + "/24 dev " + veth_c);
    for (const auto& [ns, dev] : {std::pair{server_ns_, veth_s}, std::pair{client_ns_, veth_c}}) {
        sh("ip -n " + ns + " link set lo up");
        sh("ip -n " + ns + " link set " + dev + " up");
    }
    std::string common = "disable ntp\nrestrict default nomodify\nrestrict 127.0.0.1\n";
    auto files = [&](const std::string& who) {
        std::filesystem::create_directories(dir_ + "/" + who + "-stats");
        return "driftfile " + dir_ + "/" + who + ".drift\nlogfile " + dir_ + "/" + who + ".log\nstatsdir " + dir_ +
               "/" + who + "-stats/\n";
    };
    std::string server_conf = write_config("server", files("server") + common + "tos orphan 5 orphanwait 0\n");
    std::string client_conf = write_config(
        "client", files("client") + common + "server " + std::string(kServerIp) + " iburst minpoll 0 maxpoll 0\n");
    server_ = std::make_unique<Child>(std::vector<std::string>{"ip", "netns", "exec", server_ns_, "ntpd", "-n", "-c",
                                                               server_conf, "-p", dir_ + "/server.pid", "-l",
                                                               dir_ + "/server.log"},
                                      false);
    client_ = std::make_unique<Child>(std::vector<std::string>{"ip", "netns", "exec", client_ns_, "ntpd", "-n", "-c",
                                                               client_conf, "-p", dir_ + "/client.pid", "-l",
                                                               dir_ + "/client.log"},
                                      false);
}

NtpsecPair::~NtpsecPair() {
    client_.reset();
    server_.reset();
    std::system(("ip netns del " + client_ns_ + " 2>/dev/null").c_str());
    std::system(("ip netns del " + server_ns_ + " 2>/dev/null").c_str());
    std::filesystem::remove_all(dir_);
}

std::string NtpsecPair::write_config(const std::string& name, const std::string& body) const {
    std::string path = dir_ + "/" + name + ".conf";
    std::ofstream(path) << body;
    return path;
}

std::string NtpsecPair::ntpq_peers() const {
    return capture("ip netns exec " + client_ns_ + " ntpq -pn 127.0.0.1 2>&1");
}

}  // namespace ntpscope::test
