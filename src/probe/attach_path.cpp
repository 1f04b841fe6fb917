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

}  // namespace

const char* attach_path_name(AttachPath path) { return path == AttachPath::socket ? "socket" : "syscall"; }

std::optional<AttachPath> parse_attach_path(std::string_view name) {
    if (name == "socket") return AttachPath::socket;
    if (name == "syscall") return AttachPath::syscall;
    return std::nullopt;
}

std::string cgroup2_mount() {
    std::unique_ptr<FILE, int (*)(FILE*)> mounts(setmntent("/proc/self/mounts", "r"), endmntent);
    if (!mounts) return {};
    while (mntent* m = getmntent(mounts.get()))
        if (std::string_view(m->mnt_type) == "cgroup2") return m->mnt_dir;
    return {};
}

std::string cgroup2_dir_of(uint32_t pid, const std::string& proc_root) {
    const std::string mount = cgroup2_mount();
    std::ifstream in(proc_root + "/" + std::to_string(pid) + "/cgroup");
    for (std::string line; !mount.empty() && std::getline(in, line);)
        if (line.rfind("0::", 0) == 0) return mount + (line.size() > 3 && line[3] == '/' && line.size() > 4 ? line.substr(3) : "");
    return {};
}

std::vector<std::string> socket_path_gaps() {
    std::vector<std::string> gaps;
    const VmlinuxBtf btf;
    if (!btf.types) return {"the kernel has no BTF (/sys/kernel/btf/vmlinux)"};
    for (const char* tp : {"btf_trace_sock_send_length", "btf_trace_sock_recv_length"})
        if (!btf.has(tp, BTF_KIND_TYPEDEF))
            gaps.push_back(std::string("no tracepoint sock:") + (tp + sizeof("btf_trace_") - 1) + " (Linux >= 6.3)");
    if (!btf.has("bpf_rdonly_cast", BTF_KIND_FUNC)) gaps.push_back("no bpf_rdonly_cast (Linux >= 6.2)");
    if (cgroup2_mount().empty()) gaps.push_back("no cgroup v2 hierarchy mounted (the recvmsg hooks attach there)");
    return gaps;
}

AttachChoice choose_attach_path(std::optional<AttachPath> forced) {
    AttachChoice choice;
    if (forced == AttachPath::syscall) {
        choice.path = AttachPath::syscall;
        return choice;
    }
    choice.socket_gaps = socket_path_gaps();
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
