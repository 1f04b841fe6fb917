#include "probe/tracefs.hpp"

#include <sys/mount.h>
#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace ntpscope::probe {

namespace {

bool exists(const std::string& path) {
    struct stat st {};
    return stat(path.c_str(), &st) == 0;
}

}  // namespace

std::string ensure_tracefs() {
    for (const char* root : {"/sys/kernel/tracing", "/sys/kernel/debug/tracing"})
        if (exists(std::string(root) + "/events")) return root;
    if (mount("nodev", "/sys/kernel/tracing", "tracefs", 0, nullptr) != 0)
        throw std::runtime_error(std::string("tracefs is not mounted and mounting it at /sys/kernel/tracing failed: ") +
                                 std::strerror(errno));
    return "/sys/kernel/tracing";
}

bool tracepoint_exists(const std::string& tracefs, const std::string& category, const std::string& name) {
    return exists(tracefs + "/events/" + category + "/" + name);
}

}  // namespace ntpscope::probe
