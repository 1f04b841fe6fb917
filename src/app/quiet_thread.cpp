#include "app/quiet_thread.hpp"

#include <signal.h>

namespace ntpscope::app {

std::thread start_quiet_thread(std::function<void()> body) {
    // A new thread inherits the creator's mask: block, create, restore.
    sigset_t blocked, previous;
    sigemptyset(&blocked);
    for (int s : {SIGINT, SIGTERM, SIGHUP}) sigaddset(&blocked, s);
    pthread_sigmask(SIG_BLOCK, &blocked, &previous);
    std::thread thread(std::move(body));
    pthread_sigmask(SIG_SETMASK, &previous, nullptr);
    return thread;
}

}  // namespace ntpscope::app
