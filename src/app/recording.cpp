#include "app/recording.hpp"

#include <signal.h>
#include <sys/resource.h>

#include <atomic>
#include <cerrno>
#include <cstring>

#include "app/output_file.hpp"
#include "core/trace/trace_writer.hpp"

namespace ntpscope::app {

namespace {

std::atomic<bool> g_stop{false};
std::atomic<bool> g_hangup{false};

void on_signal(int) { g_stop.store(true); }
void on_hangup(int) { g_hangup.store(true); }

void install_signal_handlers(bool segments) {
    struct sigaction sa {};
    sa.sa_handler = on_signal;
    sigaction(SIGINT, &sa, nullptr);
    sigaction(SIGTERM, &sa, nullptr);
    if (segments) {
        sa.sa_handler = on_hangup;
        sigaction(SIGHUP, &sa, nullptr);
    }
    // A closed `-o -` pipe must surface as a write error with a message, not kill us silently.
    signal(SIGPIPE, SIG_IGN);
}

// The ring buffer holds a fraction of a second at high event rates. At normal priority the
// recorder waited behind CPU-bound processes long enough for it to overflow (bench/run.sh
// capacity, empty reads at a 2.5 M/s target: ~1 M events lost at nice 0, none at nice -10, the
// recorder below half a core). It needs ~0.2-0.3 us of CPU per event, so going first costs the
// traced daemon little. Never lowers a priority the user already raised further.
void raise_priority(const RecordingHooks& hooks) {
    errno = 0;
    int current = getpriority(PRIO_PROCESS, 0);
    if (errno == 0 && current <= kRecorderNice) return;
    if (setpriority(PRIO_PROCESS, 0, kRecorderNice) != 0 && hooks.on_priority_refused)
        hooks.on_priority_refused(std::strerror(errno));
}

}  // namespace

RecordingResult run_recording(const probe::RecordOptions& options, const std::string& output,
                              const RecordingHooks& hooks) {
    // 0600: a trace holds payloads and addresses of a production host.
    OutputFile out(output, 0600, OutputFile::Write::in_place);
    trace::TraceWriter writer(out.file());
    probe::TraceWriterSink sink(writer);
    RecordingResult result = run_recording(options, sink, hooks);
    out.commit();
    return result;
}

RecordingResult run_recording(const probe::RecordOptions& options, probe::RecordSink& sink,
                              const RecordingHooks& hooks) {
    install_signal_handlers(static_cast<bool>(hooks.segment_due));
    raise_priority(hooks);
    probe::Recorder recorder(options, sink);
    if (hooks.on_attach_path) hooks.on_attach_path(recorder.attach());
    if (hooks.on_attached) hooks.on_attached(recorder.missing_tracepoints(), recorder.clock_watch_gaps());
    RecordingResult result;
    result.reason = recorder.run(g_stop, [&](const probe::RecordStatus& s) {
        if (hooks.on_status) hooks.on_status(s);
        if (hooks.segment_due && (g_hangup.exchange(false) || hooks.segment_due(s))) recorder.next_segment();
    });
    result.status = recorder.status();
    return result;
}

}  // namespace ntpscope::app
