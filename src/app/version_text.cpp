#include "app/version_text.hpp"

#include <sys/utsname.h>

#include <algorithm>
#include <utility>
#include <vector>

#include <fmt/format.h>

namespace ntpscope::app {

namespace {

std::string verdict_text(const probe::FeatureCheck& check) {
    using Verdict = probe::FeatureCheck::Verdict;
    const char* verdict = check.verdict == Verdict::yes       ? "yes"
                          : check.verdict == Verdict::no      ? "no"
                          : check.verdict == Verdict::refused ? "refused"
                                                              : "unknown";
    return check.why.empty() ? verdict : fmt::format("{}: {}", verdict, check.why);
}

}  // namespace

std::string describe_kernel_features(const probe::KernelFeatures& features) {
    const std::vector<std::pair<std::string_view, std::string>> rows{
        {"BTF (/sys/kernel/btf/vmlinux)", verdict_text(features.btf)},
        {"BPF ring buffer", verdict_text(features.ring_buffer)},
        {"BPF trampolines (fentry/fexit)", verdict_text(features.trampolines)},
        {"socket tracepoints (sock_send/recv_length)", verdict_text(features.socket_tracepoints)},
        {"uprobes", verdict_text(features.uprobes)},
    };
    std::size_t width = 0;
    for (const auto& [label, value] : rows) width = std::max(width, label.size());
    std::string text;
    for (const auto& [label, value] : rows) text += fmt::format("  {:<{}}  {}\n", label, width, value);
    return text;
}

std::string describe_attach_path(const probe::AttachChoice& choice) {
    std::string text = fmt::format("  recording path: {}", probe::attach_path_name(choice.path));
    for (size_t i = 0; i < choice.socket_gaps.size(); ++i)
        text += fmt::format("{}{}", i == 0 ? " (the socket path needs what is missing: " : "; ", choice.socket_gaps[i]);
    return text + (choice.socket_gaps.empty() ? "\n" : ")\n");
}

std::string version_text(std::string_view version) {
    utsname kernel{};
    uname(&kernel);
    std::string text = fmt::format("ntpscope {}\nkernel {} ({}):\n", version, kernel.release, kernel.machine);
    const probe::SocketPathSupport socket_path = probe::probe_socket_path();
    text += describe_kernel_features(probe::probe_kernel_features(socket_path));
    text += describe_attach_path(probe::choose_attach_path(std::nullopt, socket_path));
    text.pop_back();  // CLI11 ends the version text with its own newline
    return text;
}

}  // namespace ntpscope::app
