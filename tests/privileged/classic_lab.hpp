// A two-namespace lab with real classic ntpd 4.2.8p15 (Debian 11's, unpacked by
// lab/classic/fetch.sh, never installed): a server in orphan mode multicasting signed mode-5
// packets to 224.0.1.1 every 8 s, and a multicast client of that group, as lab/lib/classic.sh
// configures them. Classic ntpd calls ntp_adjtime at start-up even with `disable ntp`, and the
// clock is the machine's: both daemons run without CAP_SYS_TIME, so those calls fail with EPERM.
#pragma once

#include <sys/types.h>

#include <memory>
#include <string>
#include <vector>

#include "daemon_lab.hpp"
#include "support.hpp"

namespace ntpscope::test {

// The kernel's clock discipline state as a read (adjtimex modes 0) returns it; the error
// estimates are left out, they grow on their own.
struct TimexState {
    long freq = 0;
    int status = 0;
    long constant = 0;
    static TimexState read();
    bool operator==(const TimexState&) const = default;
};
std::string to_string(const TimexState& state);

class ClassicMulticastPair {
public:
    // Returns with the server multicasting and the client's process waiting at its gate.
    ClassicMulticastPair();
    ~ClassicMulticastPair();
    ClassicMulticastPair(const ClassicMulticastPair&) = delete;
    ClassicMulticastPair& operator=(const ClassicMulticastPair&) = delete;

    static constexpr const char* kServerIp = "10.232.0.1";
    static constexpr const char* kClientIp = "10.232.0.2";
    static constexpr const char* kGroup = "224.0.1.1";
    static constexpr int kPollLog2 = 3;
    static constexpr int kKeyId = 1;

    // The client's pid, the same before and after the gate: record it, then open the gate, and
    // the trace holds the daemon's whole life.
    pid_t client_pid() const { return client_->pid(); }
    // Lets the client become ntpd.
    void open_client_gate();
    // `ntpq -pn 127.0.0.1` of the client's own ntpq, in its namespace.
    std::string client_peers() const;
    // Stops both daemons (SIGTERM, then SIGKILL), so that what they did is over.
    void stop();

private:
    void write_keys() const;
    std::string write_config(const std::string& who, const std::string& role_lines) const;
    std::vector<std::string> daemon_argv(const NetNs& ns, const std::string& who) const;
    std::string ntpq(const NetNs& ns, const std::string& args) const;
    void wait_until_serving() const;

    ClockStateGuard clock_;
    std::string root_;
    ScratchDir dir_{"ntpscope-classic"};
    NetNs server_ns_;
    NetNs client_ns_;
    std::string gate_;
    std::unique_ptr<Child> server_;
    std::unique_ptr<Child> client_;
};

}  // namespace ntpscope::test
