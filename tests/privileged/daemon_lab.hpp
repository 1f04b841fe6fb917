// A two-namespace lab with real NTPsec daemons: a server in orphan mode and a fast-polling
// client, joined by a veth pair. Both run with `disable ntp` and without CAP_SYS_TIME (ntpd
// writes kernel PLL state at start-up; those calls fail with EPERM); the machine's clock state
// is still saved first and put back afterwards, should anything have changed it.
#pragma once

#include <memory>
#include <string>

#include "support.hpp"

namespace ntpscope::test {

class ClockStateGuard {
public:
    ClockStateGuard();
    ~ClockStateGuard();

private:
    long freq_ = 0;
    int status_ = 0;
    long constant_ = 0;
};

class NtpsecPair {
public:
    NtpsecPair();
    ~NtpsecPair();
    NtpsecPair(const NtpsecPair&) = delete;
    NtpsecPair& operator=(const NtpsecPair&) = delete;

    pid_t client_pid() const { return client_->pid(); }
    const std::string& client_ns() const { return client_ns_.name(); }
    static constexpr const char* kServerIp = "10.231.0.1";
    static constexpr const char* kClientIp = "10.231.0.2";
    // `ntpq -pn` run in the client's namespace.
    std::string ntpq_peers() const;

private:
    std::string write_config(const std::string& name, const std::string& body) const;

    ClockStateGuard clock_;
    ScratchDir dir_{"ntpscope-daemon"};
    NetNs server_ns_;
    NetNs client_ns_;
    std::unique_ptr<Child> server_;
    std::unique_ptr<Child> client_;
};

}  // namespace ntpscope::test
