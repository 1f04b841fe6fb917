#include "classic_lab.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/timex.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <stdexcept>

namespace ntpscope::test {

namespace {

std::string trimmed(std::string s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.pop_back();
    return s;
}

// The unpacked Debian 11 packages; fetch.sh works offline from the checksummed debs in the repo.
std::string classic_root() {
    std::string root = trimmed(capture(CLASSIC_FETCH_SH));
    if (root.empty() || access((root + "/usr/sbin/ntpd").c_str(), X_OK) != 0)
        throw std::runtime_error(std::string("classic ntpd is not available: ") + CLASSIC_FETCH_SH + " printed '" +
                                 root + "'");
    return root;
}

std::string library_path(const std::string& root) { return "LD_LIBRARY_PATH=" + root + "/usr/lib/x86_64-linux-gnu"; }

std::string tail_of(const std::string& path) {
    std::ifstream in(path);
    std::string all((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    return all.size() > 2000 ? all.substr(all.size() - 2000) : all;
}

void stop_child(std::unique_ptr<Child>& child) {
    if (!child) return;
    child->signal(SIGTERM);
    try {
        child->wait(std::chrono::seconds(5));
    } catch (const std::runtime_error&) {
        // Child's destructor kills it.
    }
    child.reset();
}

}  // namespace

TimexState TimexState::read() {
    timex tx{};
    adjtimex(&tx);  // modes 0: read only
    return {tx.freq, tx.status, tx.constant};
}

std::string to_string(const TimexState& s) {
    return "status=" + std::to_string(s.status) + " freq=" + std::to_string(s.freq) +
           " constant=" + std::to_string(s.constant);
}

ClassicMulticastPair::ClassicMulticastPair() : root_(classic_root()), gate_(dir_.path() + "/client-gate") {
    link_with_veth({server_ns_, "csrv0", kServerIp}, {client_ns_, "ccli0", kClientIp});
    write_keys();
    // Servers multicast only once synchronised; orphanwait 0 would mean the default 300 s.
    std::string server_conf = "tos orphan 5 orphanwait 1\nbroadcast " + std::string(kGroup) + " key " +
                              std::to_string(kKeyId) + " ttl 1 minpoll " + std::to_string(kPollLog2) + "\n";
    write_config("server", server_conf);
    write_config("client", "multicastclient " + std::string(kGroup) + "\n");
    server_ = std::make_unique<Child>(daemon_argv(server_ns_, "server"), false);
    wait_until_serving();
    // A FIFO, not a polled file: opening it blocks without a sleep loop whose forks the
    // recorder would follow as children of its target.
    if (mkfifo(gate_.c_str(), 0600) != 0) throw std::runtime_error("mkfifo " + gate_ + " failed");
    std::vector<std::string> argv = daemon_argv(client_ns_, "client");
    auto daemon = std::find(argv.begin(), argv.end(), "--") + 1;
    argv.insert(daemon, {"sh", "-c", ": <\"$0\" && exec \"$@\"", gate_});
    client_ = std::make_unique<Child>(argv, false);
}

ClassicMulticastPair::~ClassicMulticastPair() { stop(); }

void ClassicMulticastPair::write_keys() const {
    std::string path = dir_.path() + "/ntp.keys";
    // At most 20 characters: ntpd reads a longer key as hex and rejects the whole file.
    std::ofstream(path) << kKeyId << " MD5 ntpscope-lab\n";
    chmod(path.c_str(), 0600);
}

std::string ClassicMulticastPair::write_config(const std::string& who, const std::string& role_lines) const {
    std::string dir = dir_.path() + "/" + who;
    std::filesystem::create_directories(dir + "/stats");
    std::string path = dir + "/ntp.conf";
    std::ofstream(path) << "driftfile " << dir << "/ntp.drift\n"
                        << "statsdir " << dir << "/stats/\n"
                        << "disable ntp\n"
                        << "restrict default nomodify noquery\n"
                        << "restrict 127.0.0.1\n"
                        << "keys " << dir_.path() << "/ntp.keys\n"
                        << "trustedkey " << kKeyId << "\n"
                        << role_lines;
    return path;
}

// ntpd in its namespace, in the foreground, without CAP_SYS_TIME; every program on the way
// execs the next, so the child's pid is ntpd's.
std::vector<std::string> ClassicMulticastPair::daemon_argv(const NetNs& ns, const std::string& who) const {
    std::string dir = dir_.path() + "/" + who;
    std::vector<std::string> argv = in_ns_without_clock(ns);
    argv.insert(argv.end(), {"env", library_path(root_), root_ + "/usr/sbin/ntpd", "-n", "-c", dir + "/ntp.conf", "-p",
                             dir + "/ntpd.pid", "-l", dir + "/ntpd.log"});
    return argv;
}

std::string ClassicMulticastPair::ntpq(const NetNs& ns, const std::string& args) const {
    return capture("ip netns exec " + ns.name() + " env " + library_path(root_) + " " + root_ + "/usr/bin/ntpq " +
                   args + " 2>&1");
}

// Orphan mode synchronises (leap 00) about a second after start; only then does it multicast.
void ClassicMulticastPair::wait_until_serving() const {
    try {
        wait_until([&] { return ntpq(server_ns_, "-c 'rv 0 leap' 127.0.0.1").find("leap=00") != std::string::npos; },
                   std::chrono::seconds(30), "the classic server did not synchronise in orphan mode");
    } catch (const std::runtime_error& e) {
        throw std::runtime_error(std::string(e.what()) + "; its log:\n" + tail_of(dir_.path() + "/server/ntpd.log"));
    }
}

void ClassicMulticastPair::open_client_gate() {
    int fd = -1;
    // ENXIO: the client's shell has not opened its end yet.
    wait_until([&] { return (fd = open(gate_.c_str(), O_WRONLY | O_NONBLOCK | O_CLOEXEC)) >= 0 || errno != ENXIO; },
               std::chrono::seconds(10), "the client never waited at its gate");
    if (fd < 0) throw std::runtime_error("opening the gate " + gate_ + " failed");
    close(fd);
}

std::string ClassicMulticastPair::client_peers() const { return ntpq(client_ns_, "-pn 127.0.0.1"); }

void ClassicMulticastPair::stop() {
    stop_child(client_);
    stop_child(server_);
}

}  // namespace ntpscope::test
