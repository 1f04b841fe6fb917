#include "app/default_trace_name.hpp"

#include <unistd.h>

#include <array>
#include <ctime>

namespace ntpscope::app {

namespace {

bool safe_in_file_name(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
           c == '_';
}

}  // namespace

std::string default_trace_name(std::string_view host, std::chrono::system_clock::time_point start) {
    std::string name = "ntpscope-";
    for (const char c : host) name += safe_in_file_name(c) ? c : '_';
    if (host.empty()) name += "host";
    const std::time_t seconds = std::chrono::system_clock::to_time_t(start);
    std::tm utc{};
    gmtime_r(&seconds, &utc);
    std::array<char, 32> stamp{};
    std::strftime(stamp.data(), stamp.size(), "-%Y%m%dT%H%M%SZ.trace", &utc);
    return name + stamp.data();
}

std::string default_trace_name() {
    std::array<char, 256> host{};
    if (gethostname(host.data(), host.size() - 1) != 0) host[0] = '\0';
    return default_trace_name(host.data(), std::chrono::system_clock::now());
}

}  // namespace ntpscope::app
