// The terminal as a full-screen live view needs it: keys read one at a time without echo, the
// alternate screen, the cursor hidden; all of it restored when the session ends, however the
// program leaves the scope (a return, an exception, SIGINT/SIGTERM ending the recording).
#pragma once

#include <termios.h>

#include <atomic>
#include <functional>
#include <thread>

namespace ntpscope::app {

class TerminalSession {
public:
    // `on_quit` runs on the key thread when q (or Q) is read from stdin. Without a terminal on
    // stdin the keys are not read and the modes are left alone.
    explicit TerminalSession(std::function<void()> on_quit);
    ~TerminalSession();
    TerminalSession(const TerminalSession&) = delete;
    TerminalSession& operator=(const TerminalSession&) = delete;

    void draw(const std::string& screen);  // written to stdout at once

private:
    void read_keys();

    std::function<void()> on_quit_;
    bool raw_ = false;
    termios saved_{};
    std::atomic<bool> done_{false};
    std::thread keys_;
};

}  // namespace ntpscope::app
