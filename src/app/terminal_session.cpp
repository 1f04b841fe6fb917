#include "app/terminal_session.hpp"

#include <poll.h>
#include <unistd.h>

#include <cstdio>
#include <string>

#include "app/quiet_thread.hpp"

namespace ntpscope::app {

namespace {

// The alternate screen keeps the user's scrollback intact; hiding the cursor stops it blinking
// over the table. Both are plain xterm/VT sequences every terminal over ssh understands.
constexpr char kEnter[] = "\x1b[?1049h\x1b[?25l";
constexpr char kLeave[] = "\x1b[?25h\x1b[?1049l";

void write_all(const char* data, size_t size) {
    while (size > 0) {
        const ssize_t n = ::write(STDOUT_FILENO, data, size);
        if (n <= 0) return;  // a closed terminal: nothing left to show
        data += n;
        size -= static_cast<size_t>(n);
    }
}

}  // namespace

TerminalSession::TerminalSession(std::function<void()> on_quit) : on_quit_(std::move(on_quit)) {
    if (isatty(STDIN_FILENO) && tcgetattr(STDIN_FILENO, &saved_) == 0) {
        termios raw = saved_;
        // No line buffering and no echo; ISIG stays, so Ctrl-C still ends the recording.
        raw.c_lflag &= ~static_cast<tcflag_t>(ICANON | ECHO);
        raw.c_cc[VMIN] = 1;
        raw.c_cc[VTIME] = 0;
        raw_ = tcsetattr(STDIN_FILENO, TCSANOW, &raw) == 0;
    }
    write_all(kEnter, sizeof kEnter - 1);
    if (raw_) keys_ = start_quiet_thread([this] { read_keys(); });
}

TerminalSession::~TerminalSession() {
    done_.store(true);
    if (keys_.joinable()) keys_.join();
    write_all(kLeave, sizeof kLeave - 1);
    if (raw_) tcsetattr(STDIN_FILENO, TCSANOW, &saved_);
}

void TerminalSession::draw(const std::string& screen) { write_all(screen.data(), screen.size()); }

void TerminalSession::read_keys() {
    pollfd in{STDIN_FILENO, POLLIN, 0};
    // Polled with a timeout so the destructor's join never waits for a key.
    while (!done_.load()) {
        if (::poll(&in, 1, 100) <= 0) continue;
        char key = 0;
        if (::read(STDIN_FILENO, &key, 1) != 1) return;  // the terminal went away
        if (key == 'q' || key == 'Q') {
            on_quit_();
            return;
        }
    }
}

}  // namespace ntpscope::app
