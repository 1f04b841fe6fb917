#include "support.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <thread>

#include "core/model/sink.hpp"
#include "core/trace/trace_reader.hpp"

namespace ntpscope::test {

namespace {

std::atomic<int> g_counter{0};

class CollectingSink : public EventSink {
public:
    explicit CollectingSink(Trace& t) : t_(t) {}
    void on_header(const TraceHeader& h) override { t_.header = h; }
    void on_event(const Event& e) override { t_.events.push_back(e); }
    void on_footer(const TraceFooter& f) override {
        t_.footer = f;
        t_.has_footer = true;
    }
    void on_warning(const std::string& w) override { t_.warnings.push_back(w); }

private:
    Trace& t_;
};

}  // namespace

std::string bpf_unavailable_reason() {
    if (geteuid() != 0) return "not running as root";
    struct stat st {};
    if (stat("/sys/kernel/btf/vmlinux", &st) != 0) return "kernel has no BTF (/sys/kernel/btf/vmlinux)";
    return "";
}

bool privileged_required() {
    const char* v = std::getenv("NTPSCOPE_REQUIRE_PRIVILEGED");
    return v && *v && std::string(v) != "0";
}

NetNs::NetNs() : name_("ntpscope-t" + std::to_string(getpid()) + "-" + std::to_string(g_counter++)) {
    sh("ip netns add " + name_);
    try {
        sh("ip -n " + name_ + " link set lo up");
        sh("ip -n " + name_ + " link set lo multicast on");
        sh("ip -n " + name_ + " route add 224.0.0.0/4 dev lo");
    } catch (...) {
        std::system(("ip netns del " + name_).c_str());
        throw;
    }
}

NetNs::~NetNs() { std::system(("ip netns del " + name_ + " 2>/dev/null").c_str()); }

void ns_exec(const std::string& ns, const std::string& command) { sh("ip netns exec " + ns + " " + command); }

void link_with_veth(const VethEnd& a, const VethEnd& b) {
    sh("ip link add " + a.dev + " netns " + a.ns.name() + " type veth peer name " + b.dev + " netns " + b.ns.name());
    for (const VethEnd* end : {&a, &b}) {
        const std::string in = "ip -n " + end->ns.name() + " ";
        ns_exec(end->ns.name(), "sysctl -qw net.ipv6.conf." + end->dev + ".disable_ipv6=1");
        sh(in + "addr add " + end->ip + "/24 dev " + end->dev);
        sh(in + "link set " + end->dev + " up");
        sh(in + "route replace 224.0.0.0/4 dev " + end->dev);  // NetNs routes groups through lo
    }
    for (const VethEnd* end : {&a, &b})
        wait_until([&] { return capture("ip -n " + end->ns.name() + " -o link show " + end->dev).find("state UP") !=
                                std::string::npos; },
                   std::chrono::seconds(5), end->dev + " did not come up");
}

ScratchDir::ScratchDir(const std::string& name)
    : path_((std::filesystem::temp_directory_path() / (name + "-" + std::to_string(getpid()))).string()) {
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
}

ScratchDir::~ScratchDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
}

std::vector<std::string> in_ns_without_clock(const NetNs& ns) {
    return {"ip", "netns", "exec", ns.name(), "setpriv", "--inh-caps=-sys_time", "--bounding-set=-sys_time", "--"};
}

void sh(const std::string& command) {
    if (std::system(command.c_str()) != 0) throw std::runtime_error("command failed: " + command);
}

std::string capture(const std::string& command) {
    std::string out;
    FILE* p = popen(command.c_str(), "r");
    if (!p) return out;
    std::array<char, 4096> buf{};
    while (size_t n = fread(buf.data(), 1, buf.size(), p)) out.append(buf.data(), n);
    pclose(p);
    return out;
}

Child::Child(const std::vector<std::string>& argv, bool capture_stdout) {
    int in[2], out[2];
    if (pipe2(in, O_CLOEXEC) || pipe2(out, O_CLOEXEC)) throw std::runtime_error("pipe failed");
    pid_ = fork();
    if (pid_ < 0) throw std::runtime_error("fork failed");
    if (pid_ == 0) {
        dup2(in[0], STDIN_FILENO);
        if (capture_stdout) dup2(out[1], STDOUT_FILENO);
        std::vector<char*> args;
        for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
        args.push_back(nullptr);
        execvp(args[0], args.data());
        _exit(127);
    }
    close(in[0]);
    close(out[1]);
    in_ = in[1];
    out_ = out[0];
}

Child::~Child() {
    if (!reaped_ && pid_ > 0) {
        kill(pid_, SIGKILL);
        waitpid(pid_, nullptr, 0);
    }
    if (in_ >= 0) close(in_);
    if (out_ >= 0) close(out_);
}

std::string Child::read_line(std::chrono::milliseconds timeout) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
        auto nl = pending_.find('\n');
        if (nl != std::string::npos) {
            std::string line = pending_.substr(0, nl);
            pending_.erase(0, nl + 1);
            return line;
        }
        auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0) throw std::runtime_error("timed out waiting for a line from pid " + std::to_string(pid_));
        pollfd p{out_, POLLIN, 0};
        if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) continue;
        char buf[4096];
        ssize_t n = ::read(out_, buf, sizeof buf);
        if (n <= 0) throw std::runtime_error("pid " + std::to_string(pid_) + " closed its output");
        pending_.append(buf, static_cast<size_t>(n));
    }
}

std::vector<std::string> Child::read_all_lines(std::chrono::milliseconds timeout) {
    std::vector<std::string> lines;
    try {
        for (;;) lines.push_back(read_line(timeout));
    } catch (const std::runtime_error&) {
    }
    return lines;
}

void Child::write_line(const std::string& line) {
    std::string data = line + "\n";
    if (::write(in_, data.data(), data.size()) != static_cast<ssize_t>(data.size()))
        throw std::runtime_error("writing to pid " + std::to_string(pid_) + " failed");
}

int Child::wait(std::chrono::milliseconds timeout) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
        int status = 0;
        pid_t r = waitpid(pid_, &status, WNOHANG);
        if (r == pid_) {
            reaped_ = true;
            return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
        }
        if (std::chrono::steady_clock::now() > deadline)
            throw std::runtime_error("pid " + std::to_string(pid_) + " did not exit in time");
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
}

void Child::signal(int sig) { kill(pid_, sig); }

Trace load_trace(const std::string& path) {
    Trace t;
    CollectingSink sink(t);
    trace::read_trace(path, sink);
    return t;
}

void wait_for_header(const std::string& path, std::chrono::milliseconds timeout) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
        std::ifstream in(path);
        std::string line;
        if (std::getline(in, line) && !in.eof()) return;
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    throw std::runtime_error(path + ": the recorder wrote no header in time");
}

std::string temp_path(const std::string& stem) {
    return (std::filesystem::temp_directory_path() / (stem + "-" + std::to_string(getpid()) + "-" +
                                                      std::to_string(g_counter++) + ".trace"))
        .string();
}

std::string to_hex(const std::vector<uint8_t>& bytes) {
    static constexpr char digits[] = "0123456789abcdef";
    std::string out;
    for (uint8_t b : bytes) {
        out += digits[b >> 4];
        out += digits[b & 15];
    }
    return out;
}

}  // namespace ntpscope::test
