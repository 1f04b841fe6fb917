#include "probe/kernel_features.hpp"

#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <linux/capability.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstdarg>
#include <cstring>
#include <memory>
#include <string>

namespace ntpscope::probe {

namespace {

using Verdict = FeatureCheck::Verdict;

FeatureCheck yes() { return {Verdict::yes, {}}; }
FeatureCheck no(std::string why = {}) { return {Verdict::no, std::move(why)}; }
FeatureCheck unknown(std::string why) { return {Verdict::unknown, std::move(why)}; }

// EPERM and EACCES from a privileged caller are the kernel's policy (lockdown, a locked ftrace,
// an LSM), not a missing feature: they are `refused`.
FeatureCheck from_errno(int err) {
    if (err == EPERM || err == EACCES) return {Verdict::refused, std::strerror(err)};
    return unknown(std::strerror(err));
}

bool path_exists(const char* path) {
    struct stat st {};
    return stat(path, &st) == 0;
}

// Without these capabilities every bpf() question is answered EPERM, which says nothing about
// the kernel.
bool may_use_bpf() {
    __user_cap_header_struct header{_LINUX_CAPABILITY_VERSION_3, 0};
    std::array<__user_cap_data_struct, _LINUX_CAPABILITY_U32S_3> data{};
    if (syscall(SYS_capget, &header, data.data()) != 0) return false;
    const auto has = [&data](unsigned cap) { return ((data[cap / 32].effective >> (cap % 32)) & 1U) != 0; };
    return has(CAP_SYS_ADMIN) || has(CAP_BPF);
}

FeatureCheck check_btf() {
    if (access("/sys/kernel/btf/vmlinux", R_OK) == 0) return yes();
    return errno == ENOENT ? no() : from_errno(errno);
}

FeatureCheck check_ring_buffer() {
    const int supported = libbpf_probe_bpf_map_type(BPF_MAP_TYPE_RINGBUF, nullptr);
    if (supported < 0) return from_errno(-supported);
    return supported == 1 ? yes() : no();
}

// bpf_fentry_test1 exists only for BPF's own self-tests (BPF_PROG_TEST_RUN calls it), so a
// program attached to it for a moment runs for nobody. Attaching is part of the question: some
// kernels load a tracing program and refuse the trampoline.
FeatureCheck check_trampolines() {
    const int target = libbpf_find_vmlinux_btf_id("bpf_fentry_test1", BPF_TRACE_FENTRY);
    if (target < 0) return unknown("the kernel's BTF has no bpf_fentry_test1 to try it on");
    const std::array<bpf_insn, 2> return_zero{{
        {BPF_ALU64 | BPF_MOV | BPF_K, BPF_REG_0, 0, 0, 0},
        {BPF_JMP | BPF_EXIT, 0, 0, 0, 0},
    }};
    LIBBPF_OPTS(bpf_prog_load_opts, opts, .expected_attach_type = BPF_TRACE_FENTRY,
                .attach_btf_id = static_cast<__u32>(target));
    const int program =
        bpf_prog_load(BPF_PROG_TYPE_TRACING, "ntps_fentry", "GPL", return_zero.data(), return_zero.size(), &opts);
    if (program < 0) return from_errno(-program);
    const int link = bpf_link_create(program, 0, BPF_TRACE_FENTRY, nullptr);
    close(program);
    if (link < 0) return from_errno(-link);
    close(link);
    return yes();
}

FeatureCheck socket_tracepoints_in(const SocketPathSupport& support) {
    if (!support.btf) return no("they need the kernel's BTF");
    if (!support.missing_tracepoints.empty()) return no("no " + support.missing_tracepoints.front());
    return yes();
}

// libbpf attaches uprobes through this perf event source.
FeatureCheck check_uprobes() { return path_exists("/sys/bus/event_source/devices/uprobe/type") ? yes() : no(); }

int print_nothing(libbpf_print_level, const char*, va_list) { return 0; }

}  // namespace

KernelFeatures probe_kernel_features(const SocketPathSupport& socket_path) {
    // Failed probes are expected answers here; libbpf would print them as warnings.
    const libbpf_print_fn_t previous = libbpf_set_print(print_nothing);
    KernelFeatures features;
    features.btf = check_btf();
    features.socket_tracepoints = socket_tracepoints_in(socket_path);
    features.uprobes = check_uprobes();
    if (may_use_bpf()) {
        features.ring_buffer = check_ring_buffer();
        features.trampolines = check_trampolines();
    } else {
        features.ring_buffer = features.trampolines = unknown("asking needs root or CAP_BPF");
    }
    libbpf_set_print(previous);
    return features;
}

}  // namespace ntpscope::probe
