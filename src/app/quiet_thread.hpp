// A helper thread that never receives the signals that steer a recording (SIGINT, SIGTERM,
// SIGHUP): they reach the recorder's thread, whose handlers stop it or start the next segment,
// and never interrupt a helper's blocking call.
#pragma once

#include <functional>
#include <thread>

namespace ntpscope::app {

std::thread start_quiet_thread(std::function<void()> body);

}  // namespace ntpscope::app
