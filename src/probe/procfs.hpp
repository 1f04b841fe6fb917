// What /proc says about processes: identity of targets, NTP daemon discovery, and the fd ->
// socket table of a process at attach time (read in the process's own network namespace).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/model/event.hpp"

namespace ntpscope::probe {

// Reads /proc/PID/{comm,exe,cmdline,ns/net}; nullopt when the process is gone.
std::optional<TargetInfo> read_target(uint32_t pid, const std::string& proc_root = "/proc");

// Running ntpd (classic or NTPsec), ntpsec or chronyd processes.
std::vector<TargetInfo> find_ntp_daemons(const std::string& proc_root = "/proc");

// Processes whose comm equals `comm`.
std::vector<TargetInfo> find_by_comm(const std::string& comm, const std::string& proc_root = "/proc");

// Every process below `pid` in the process tree (children, grandchildren, ...).
std::vector<uint32_t> descendants(uint32_t pid, const std::string& proc_root = "/proc");

// The config file named on a daemon's command line (-c FILE, -f FILE, --configfile=FILE).
std::string config_from_cmdline(const std::vector<std::string>& argv);

// fd -> socket for every socket fd of `pid`, addresses from /proc/PID/net/{udp,udp6,tcp,tcp6},
// and families of unix/netlink sockets from /proc/PID/net/{unix,netlink}.
std::vector<SocketEntry> snapshot_sockets(uint32_t pid, const std::string& proc_root = "/proc");

}  // namespace ntpscope::probe
