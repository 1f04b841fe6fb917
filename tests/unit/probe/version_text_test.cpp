#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <vector>

#include "app/version_text.hpp"

using namespace ntpscope;
using Verdict = probe::FeatureCheck::Verdict;

namespace {

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    return lines;
}

}  // namespace

TEST(VersionText, OneAlignedLinePerFeatureWithTheKernelsReason) {
    probe::KernelFeatures f;
    f.btf = {Verdict::yes, ""};
    f.ring_buffer = {Verdict::no, ""};
    f.trampolines = {Verdict::refused, "Operation not permitted"};
    f.socket_tracepoints = {Verdict::no, "no sock_recv_length"};
    f.uprobes = {Verdict::unknown, "asking needs root or CAP_BPF"};
    const auto lines = lines_of(app::describe_kernel_features(f));
    ASSERT_EQ(lines.size(), 5u);
    EXPECT_EQ(lines[0].find("BTF"), 2u);
    EXPECT_EQ(lines[0].substr(lines[0].size() - 5), "  yes");
    EXPECT_EQ(lines[1].substr(lines[1].size() - 4), "  no");
    EXPECT_NE(lines[2].find("trampolines"), std::string::npos);
    EXPECT_EQ(lines[2].substr(lines[2].size() - 34), "  refused: Operation not permitted");
    EXPECT_EQ(lines[3].substr(lines[3].size() - 25), "  no: no sock_recv_length");
    EXPECT_EQ(lines[4].substr(lines[4].size() - 39), "  unknown: asking needs root or CAP_BPF");
    // The verdicts start in one column.
    const auto column = lines[0].size() - 3;
    for (const auto& line : lines) EXPECT_EQ(line.find_first_not_of(' ', line.find("  ", 2)), column) << line;
}

TEST(VersionText, TheRecordingPathAndWhatTheSocketPathLacks) {
    EXPECT_EQ(app::describe_attach_path({probe::AttachPath::socket, {}}), "  recording path: socket\n");
    EXPECT_EQ(app::describe_attach_path({probe::AttachPath::syscall, {"no bpf_rdonly_cast", "no cgroup v2"}}),
              "  recording path: syscall (the socket path needs what is missing: no bpf_rdonly_cast; no cgroup v2)\n");
}

TEST(VersionText, VersionFirstThenThisKernel) {
    const auto lines = lines_of(app::version_text("9.8.7"));
    ASSERT_GE(lines.size(), 8u);
    EXPECT_EQ(lines[0], "ntpscope 9.8.7");
    EXPECT_EQ(lines[1].rfind("kernel ", 0), 0u) << lines[1];
    EXPECT_EQ(lines.back().rfind("  recording path: ", 0), 0u) << lines.back();
    for (size_t i = 2; i + 1 < lines.size(); ++i) {
        const bool has_verdict = lines[i].find("  yes") != std::string::npos ||
                                 lines[i].find("  no") != std::string::npos ||
                                 lines[i].find("  refused") != std::string::npos ||
                                 lines[i].find("  unknown") != std::string::npos;
        EXPECT_TRUE(has_verdict) << lines[i];
    }
}
