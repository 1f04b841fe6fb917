#include "app/status_line.hpp"

#include <fmt/format.h>

namespace ntpscope::app {

std::string format_status(const probe::RecordStatus& s) {
    auto secs = std::chrono::duration_cast<std::chrono::seconds>(s.elapsed).count();
    return fmt::format("{:02}:{:02}:{:02}  events {}  sockets {}  peers {}  lost {}{}", secs / 3600, secs / 60 % 60,
                       secs % 60, s.events, s.sockets, s.peers, s.lost, s.lost ? "  (LOSING EVENTS)" : "");
}

}  // namespace ntpscope::app
