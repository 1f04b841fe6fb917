#include "app/top.hpp"

#include <signal.h>
#include <unistd.h>

#include <cstdlib>
#include <optional>

#include "app/monitor_sink.hpp"
#include "app/terminal_session.hpp"
#include "app/top_screen.hpp"
#include "app/watch_monitor.hpp"
#include "core/report/diff_render.hpp"

namespace ntpscope::app {

RecordingResult run_top(const probe::RecordOptions& options, const std::string& target) {
    WatchMonitor monitor(WatchMonitorOptions{.log = nullptr});
    MonitorSink sink(monitor);
    const bool colour = report::want_colour(isatty(STDOUT_FILENO), std::getenv("NO_COLOR"));
    std::optional<TerminalSession> terminal;
    RecordingHooks hooks;
    // Only once attached: the recording's SIGINT handler is installed by then, so q (which
    // raises SIGINT) ends the recording the way Ctrl-C does, through its one stop path.
    hooks.on_attached = [&](const std::vector<std::string>&, const std::vector<std::string>&) {
        terminal.emplace([] { ::kill(::getpid(), SIGINT); });
    };
    hooks.on_status = [&](const probe::RecordStatus& s) {
        monitor.observe_status(s);
        if (terminal)
            terminal->draw(render_top_screen(
                TopFrame{target, s, monitor.peers(), monitor.recent_changes(), colour}));
    };
    return run_recording(options, sink, hooks);
}

}  // namespace ntpscope::app
