// `--version`'s kernel features as root: every question gets the kernel's own answer (never
// "unknown"), and each agrees with what the kernel shows through another door where there is one.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include "probe/kernel_features.hpp"
#include "probe/tracefs.hpp"
#include "support.hpp"

using namespace ntpscope;
using Verdict = probe::FeatureCheck::Verdict;

namespace {

bool exists(const std::string& path) {
    struct stat st {};
    return stat(path.c_str(), &st) == 0;
}

}  // namespace

TEST(KernelFeatures, AsRootEveryQuestionIsAnsweredAndAgreesWithTheKernel) {
    NTPSCOPE_REQUIRE_BPF();
    const probe::KernelFeatures f = probe::probe_kernel_features(probe::probe_socket_path());
    EXPECT_EQ(f.btf.verdict, exists("/sys/kernel/btf/vmlinux") ? Verdict::yes : Verdict::no);
    // The recorder runs on the ring buffer; BPF being usable here (checked above) means it is there.
    EXPECT_EQ(f.ring_buffer.verdict, Verdict::yes) << f.ring_buffer.why;
    EXPECT_NE(f.trampolines.verdict, Verdict::unknown) << f.trampolines.why;
    // tracefs lists the same tracepoints the BTF types describe.
    const std::string tracefs = probe::ensure_tracefs();
    const bool listed = probe::tracepoint_exists(tracefs, "sock", "sock_send_length") &&
                        probe::tracepoint_exists(tracefs, "sock", "sock_recv_length");
    EXPECT_EQ(f.socket_tracepoints.verdict, listed ? Verdict::yes : Verdict::no) << f.socket_tracepoints.why;
    // Kernels with uprobes have tracefs's uprobe_events too.
    EXPECT_EQ(f.uprobes.verdict, exists(tracefs + "/uprobe_events") ? Verdict::yes : Verdict::no);
}
