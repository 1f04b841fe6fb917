// What the running kernel offers a recorder, found by asking it (for `ntpscope --version`):
// a user reading a report from another host, or a support ticket, sees at once why a recording
// took the path it took. Nothing is left attached; the only programs loaded are closed at once.
#pragma once

#include <string>

#include "probe/attach_path.hpp"

namespace ntpscope::probe {

struct FeatureCheck {
    enum class Verdict { yes, no, refused, unknown };
    Verdict verdict = Verdict::unknown;
    std::string why;  // for refused and unknown: the kernel's error, or what was missing to ask
};

struct KernelFeatures {
    FeatureCheck btf;                 // /sys/kernel/btf/vmlinux
    FeatureCheck ring_buffer;         // BPF_MAP_TYPE_RINGBUF
    FeatureCheck trampolines;         // fentry: a minimal program loaded and attached, then closed
    FeatureCheck socket_tracepoints;  // tp_btf sock_send_length and sock_recv_length
    FeatureCheck uprobes;             // the perf uprobe event source libbpf attaches through
};

// Never throws: every question the kernel cannot answer is a verdict of its own. Without
// CAP_BPF (or CAP_SYS_ADMIN) the questions that need bpf() are `unknown`, not `refused`.
// The socket tracepoints' verdict comes from `socket_path`, already probed.
KernelFeatures probe_kernel_features(const SocketPathSupport& socket_path);

}  // namespace ntpscope::probe
