#include "probe/attach_path.hpp"

#include <bpf/btf.h>
#include <mntent.h>

#include <fstream>
#include <memory>
#include <stdexcept>

namespace ntpscope::probe {

namespace {

struct VmlinuxBtf {
    btf* types = btf__load_vmlinux_btf();
    ~VmlinuxBtf() { btf__free(types); }
    bool has(const char* name, int kind) const { return types && btf__find_by_name_kind(types, name, kind) > 0; }
};

std::string mounted_cgroup2() {
    std::unique_ptr<FILE, int (*)(FILE*)> mounts(setmntent("/proc/self/mounts", "r"), endmntent);
    if (!mounts) return {};
    while (mntent* m = getmntent(mounts.get()))
        if (std::string_view(m->mnt_type) == "cgroup2") return m->mnt_dir;
    return {};
}

}  // namespace

const char* attach_path_name(AttachPath path) { return path == AttachPath::socket ? "socket" : "syscall"; }

std::optional<AttachPath> parse_attach_path(std::string_view name) {
    if (name == "socket") return AttachPath::socket;
    if (name == "syscall") return AttachPath::syscall;
    return std::nullopt;
}

std::string cgroup2_dir_of(uint32_t pid, const std::string& mount, const std::string& proc_root) {
    std::ifstream in(proc_root + "/" + std::to_string(pid) + "/cgroup");
    for (std::string line; !mount.empty() && std::getline(in, line);)
        if (line.rfind("0::", 0) == 0) return mount + (line.size() > 3 && line[3] == '/' && line.size() > 4 ? line.substr(3) : "");
    return {};
}

SocketPathSupport probe_socket_path() {
    SocketPathSupport support;
    support.cgroup2_mount = mounted_cgroup2();
    const VmlinuxBtf btf;
    support.btf = btf.types != nullptr;
    if (!support.btf) return support;
    for (const char* tp : {"sock_send_length", "sock_recv_length"})
        if (!btf.has((std::string("btf_trace_") + tp).c_str(), BTF_KIND_TYPEDEF)) support.missing_tracepoints.push_back(tp);
    support.rdonly_cast = btf.has("bpf_rdonly_cast", BTF_KIND_FUNC);
    return support;
}

std::vector<std::string> SocketPathSupport::gaps() const {
    if (!btf) return {"the kernel has no BTF (/sys/kernel/btf/vmlinux)"};
    std::vector<std::string> gaps;
    for (const std::string& tp : missing_tracepoints) gaps.push_back("no tracepoint sock:" + tp + " (Linux >= 6.3)");
    if (!rdonly_cast) gaps.push_back("no bpf_rdonly_cast (Linux >= 6.2)");
    if (cgroup2_mount.empty()) gaps.push_back("no cgroup v2 hierarchy mounted (the recvmsg hooks attach there)");
    return gaps;
}

AttachChoice choose_attach_path(std::optional<AttachPath> forced, const SocketPathSupport& support) {
    AttachChoice choice;
    choice.cgroup2_mount = support.cgroup2_mount;
    if (forced == AttachPath::syscall) {
        choice.path = AttachPath::syscall;
        return choice;
    }
    choice.socket_gaps = support.gaps();
    if (choice.socket_gaps.empty()) return choice;
    if (forced == AttachPath::socket) {
        std::string why;
        for (const auto& gap : choice.socket_gaps) why += (why.empty() ? "" : "; ") + gap;
        throw std::runtime_error("--attach socket is not possible on this kernel: " + why);
    }
    choice.path = AttachPath::syscall;
    return choice;
}

}  // namespace ntpscope::probe
