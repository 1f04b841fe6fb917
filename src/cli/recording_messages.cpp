#include "cli/recording_messages.hpp"

#include <spdlog/spdlog.h>

namespace ntpscope::cli {

app::RecordingHooks recording_messages() {
    app::RecordingHooks hooks;
    hooks.on_attach_path = [](const probe::AttachChoice& choice) {
        spdlog::info("recording from the {} path", probe::attach_path_name(choice.path));
        for (const auto& gap : choice.socket_gaps)
            spdlog::warn("socket path unavailable: {}; every syscall on this host is slower while recording", gap);
    };
    hooks.on_attached = [](const std::vector<std::string>& missing, const std::vector<std::string>& clock_gaps) {
        for (const auto& name : missing)
            spdlog::warn("this kernel has no tracepoint {}: those calls are not recorded", name);
        for (const auto& gap : clock_gaps) spdlog::warn("who touches the clock: {}", gap);
    };
    hooks.on_priority_refused = [](const std::string& why) {
        spdlog::info("cannot raise the recorder's priority to nice {} ({}); on a CPU-bound host events may be "
                     "lost (they are counted)",
                     app::kRecorderNice, why);
    };
    return hooks;
}

}  // namespace ntpscope::cli
