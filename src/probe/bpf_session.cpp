#include "probe/bpf_session.hpp"

#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>
#include <fcntl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstdarg>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iterator>
#include <stdexcept>

#include "ntpscope_abi.h"
#include "ntpscope_bpf.skel.h"
#include "probe/libc_functions.hpp"
#include "probe/tracefs.hpp"

static_assert(ntpscope::probe::kMaxSnaplen == NTPS_MAX_SNAPLEN && ntpscope::probe::kDefaultSnaplen == NTPS_DEFAULT_SNAPLEN,
              "probe/record_limits.hpp must follow bpf/ntpscope_abi.h");

namespace ntpscope::probe {

namespace {

bool g_verbose = false;

int print_libbpf(enum libbpf_print_level level, const char* format, va_list args) {
    if (!g_verbose || level == LIBBPF_DEBUG) return 0;
    return std::vfprintf(stderr, format, args);
}

std::runtime_error failure(const char* what, int err) {
    std::string msg = std::string(what) + ": " + std::strerror(err < 0 ? -err : err);
    if (err == -EPERM || err == EPERM)
        msg += " (ntpscope record needs root, or CAP_BPF + CAP_PERFMON)";
    else
        msg += " (run with --verbose for libbpf's messages)";
    return std::runtime_error(msg);
}

struct RecordedSyscall {
    long nr;
    ntps_call call;
};

// The BPF side sees raw syscall numbers; the kernel's BTF does not name them on x86_64, so they
// come from this architecture's <sys/syscall.h>.
constexpr RecordedSyscall kRecordedSyscalls[] = {
    {SYS_recvmsg, NTPS_RECVMSG},           {SYS_recvfrom, NTPS_RECVFROM},
    {SYS_recvmmsg, NTPS_RECVMMSG},         {SYS_sendto, NTPS_SENDTO},
    {SYS_sendmsg, NTPS_SENDMSG},           {SYS_sendmmsg, NTPS_SENDMMSG},
    {SYS_adjtimex, NTPS_ADJTIMEX},         {SYS_clock_adjtime, NTPS_CLOCK_ADJTIME},
    {SYS_clock_settime, NTPS_CLOCK_SETTIME}, {SYS_settimeofday, NTPS_SETTIMEOFDAY},
    {SYS_socket, NTPS_SOCKET},             {SYS_bind, NTPS_BIND},
    {SYS_connect, NTPS_CONNECT},           {SYS_setsockopt, NTPS_SETSOCKOPT},
    {SYS_close, NTPS_CLOSE},
};
static_assert(std::size(kRecordedSyscalls) == NTPS_EXEC, "one syscall number per recorded syscall");
static_assert([] {
    for (const auto& s : kRecordedSyscalls)
        if (s.nr < 0 || s.nr >= NTPS_SYSCALL_NR_MAX) return false;
    return true;
}(), "a recorded syscall's number is past NTPS_SYSCALL_NR_MAX");

bool kernel_has_function(const char* name) {
    btf* vmlinux = btf__load_vmlinux_btf();
    if (!vmlinux) return false;
    bool found = btf__find_by_name_kind(vmlinux, name, BTF_KIND_FUNC) > 0;
    btf__free(vmlinux);
    return found;
}

// The syscall programs walk an fd to its socket with plain loads through bpf_rdonly_cast
// (Linux >= 6.2); older kernels get their twins that read each field with a probe read.
// NTPSCOPE_FD_WALK=probe forces the latter, so tests cover it on a new kernel too.
bool fd_walk_by_btf() {
    const char* forced = std::getenv("NTPSCOPE_FD_WALK");
    if (forced && std::string(forced) == "probe") return false;
    return kernel_has_function("bpf_rdonly_cast");
}

struct UprobePrograms {
    bpf_program* enter;
    bpf_program* leave;
};

UprobePrograms uprobe_programs(ntpscope_bpf* skel, const std::string& function) {
    auto& p = skel->progs;
    if (function == "clock_adjtime") return {p.clock_adjtime_enter, p.clock_adjtime_return};
    if (function == "clock_settime") return {p.clock_settime_enter, p.clock_settime_return};
    if (function == "settimeofday") return {p.settimeofday_enter, p.settimeofday_return};
    if (function == "recvmmsg") return {p.recvmmsg_enter, p.recvmmsg_return};
    if (function == "sendmmsg") return {p.sendmmsg_enter, p.sendmmsg_return};
    return {p.adjtimex_enter, p.adjtimex_return};  // adjtimex, ntp_adjtime
}

// Uprobes on every process mapping `libc` (pid -1), entry and return, the cookie being the
// function's address (see errno_address in the BPF programs). Returns the reason of a failure.
std::optional<std::string> attach_uprobes(ntpscope_bpf* skel, const std::string& libc, const LibcFunction& f,
                                          std::vector<bpf_link*>& links) {
    const UprobePrograms programs = uprobe_programs(skel, f.name);
    for (bool leave : {false, true}) {
        LIBBPF_OPTS(bpf_uprobe_opts, opts, .bpf_cookie = f.vaddr, .retprobe = leave);
        bpf_link* link =
            bpf_program__attach_uprobe_opts(leave ? programs.leave : programs.enter, -1, libc.c_str(), f.offset, &opts);
        if (!link) return libc + " " + f.name + ": " + std::strerror(errno);
        links.push_back(link);
    }
    return std::nullopt;
}

int on_record(void* ctx, void* data, size_t size) {
    auto* handler = static_cast<RecordHandler*>(ctx);
    (*handler)(std::span<const uint8_t>(static_cast<const uint8_t*>(data), size));
    return 0;
}

}  // namespace

struct BpfSession::Impl {
    ntpscope_bpf* skel = nullptr;
    ring_buffer* rb = nullptr;
    RecordHandler handler;
    int ncpus = 1;
    std::vector<bpf_link*> links;  // attached by hand: uprobes, cgroup hooks

    ~Impl() {
        for (bpf_link* link : links) bpf_link__destroy(link);
        ring_buffer__free(rb);
        ntpscope_bpf__destroy(skel);
    }
};

BpfSession::BpfSession(const ProbeOptions& options, RecordHandler handler) : impl_(std::make_unique<Impl>()) {
    g_verbose = options.verbose;
    libbpf_set_print(print_libbpf);
    impl_->handler = std::move(handler);
    impl_->ncpus = libbpf_num_possible_cpus();

    std::string tracefs = ensure_tracefs();
    impl_->skel = ntpscope_bpf__open();
    if (!impl_->skel) throw failure("opening the BPF object", errno);
    auto* skel = impl_->skel;

    skel->rodata->snaplen = options.snaplen;
    if (options.follow_comms.size() > NTPS_MAX_COMMS)
        throw std::runtime_error("at most " + std::to_string(NTPS_MAX_COMMS) + " --comm names can be followed");
    skel->rodata->follow_count = static_cast<__u32>(options.follow_comms.size());
    for (size_t i = 0; i < options.follow_comms.size(); ++i)
        std::strncpy(const_cast<char*>(skel->rodata->follow_comms[i]), options.follow_comms[i].c_str(),
                     NTPS_COMM_LEN - 1);
    for (const auto& s : kRecordedSyscalls)
        const_cast<__u8&>(skel->rodata->call_of_nr[s.nr]) = static_cast<__u8>(s.call);
    skel->rodata->wakeup_bytes = options.ring_bytes / 8;
    if (int err = bpf_map__set_max_entries(skel->maps.events, options.ring_bytes))
        throw failure("sizing the ring buffer", err);

    // A forced syscall path needs nothing of the socket path's: no BTF or mount to read for it.
    attach_ = choose_attach_path(options.attach,
                                 options.attach == AttachPath::syscall ? SocketPathSupport{} : probe_socket_path());
    const bool socket_path = attach_.path == AttachPath::socket;
    skel->rodata->socket_path = socket_path;
    const bool btf_walk = fd_walk_by_btf();
    bpf_program__set_autoload(skel->progs.enter_syscall, !socket_path && btf_walk);
    bpf_program__set_autoload(skel->progs.exit_syscall, !socket_path && btf_walk);
    bpf_program__set_autoload(skel->progs.enter_probe, !socket_path && !btf_walk);
    bpf_program__set_autoload(skel->progs.exit_probe, !socket_path && !btf_walk);
    for (bpf_program* p : {skel->progs.sock_send, skel->progs.sock_recv, skel->progs.recv_peer4, skel->progs.recv_peer6,
                           skel->progs.recvmmsg_enter, skel->progs.recvmmsg_return, skel->progs.sendmmsg_enter,
                           skel->progs.sendmmsg_return})
        bpf_program__set_autoload(p, socket_path);

    // A kernel without one of the tracefs tracepoints still records the rest.
    bpf_program* prog = nullptr;
    bpf_object__for_each_program(prog, skel->obj) {
        std::string section = bpf_program__section_name(prog);
        if (section.rfind("tracepoint/", 0) != 0) continue;  // tp_btf: found through BTF, not tracefs
        auto slash = section.find('/');
        auto last = section.rfind('/');
        std::string category = section.substr(slash + 1, last - slash - 1);
        std::string name = section.substr(last + 1);
        if (!tracepoint_exists(tracefs, category, name)) {
            bpf_program__set_autoload(prog, false);
            missing_.push_back(name);
        }
    }

    const auto libc = find_libc_functions();
    if (libc) skel->rodata->errno_got_vaddr = libc->errno_got_vaddr;

    if (int err = ntpscope_bpf__load(skel)) throw failure("loading the BPF programs", err);
    if (int err = ntpscope_bpf__attach(skel)) throw failure("attaching to the tracepoints", err);
    if (socket_path) attach_socket_path(libc);
    attach_clock_uprobes(libc);
    impl_->rb = ring_buffer__new(bpf_map__fd(skel->maps.events), on_record, &impl_->handler, nullptr);
    if (!impl_->rb) throw failure("opening the ring buffer", errno);
}

BpfSession::~BpfSession() = default;

// Host-wide (pid -1): who touches the clock is a question about every process. A function that
// cannot be probed leaves a gap that is said, never a failed recording.
void BpfSession::attach_clock_uprobes(const std::optional<LibcFunctions>& libc) {
    if (!libc) {
        clock_watch_gaps_.push_back("no readable C library mapped: other processes' clock calls are not seen");
        return;
    }
    for (const LibcFunction& f : libc->clock)
        if (auto gap = attach_uprobes(impl_->skel, libc->path, f, impl_->links)) clock_watch_gaps_.push_back(*gap);
    if (!libc->errno_got_vaddr)
        clock_watch_gaps_.push_back(libc->path + ": errno not found; failed clock calls of other processes show EIO");
}

// The socket tracepoints were attached with the rest; recvmmsg/sendmmsg come from libc uprobes,
// and the senders of received datagrams from cgroup hooks (attached per target: hook_receives_of).
// Without those, a recording would lose what it promises: a failure is an error, not a warning.
void BpfSession::attach_socket_path(const std::optional<LibcFunctions>& libc) {
    if (!libc || libc->mmsg.size() != 2)
        throw std::runtime_error("the C library's recvmmsg/sendmmsg were not found (try --attach syscall)");
    for (const LibcFunction& f : libc->mmsg)
        if (auto gap = attach_uprobes(impl_->skel, libc->path, f, impl_->links))
            throw std::runtime_error("attaching " + *gap + " (try --attach syscall)");
}

void BpfSession::hook_receives_of(uint32_t pid) {
    if (attach_.path != AttachPath::socket) return;
    const std::string dir = cgroup2_dir_of(pid, attach_.cgroup2_mount);
    if (!dir.empty()) hook_receives_in(dir);
}

// The hook's cost is the socket lock the kernel takes around it, on every UDP receive that asks
// for the sender in the cgroup: hence one cgroup per target rather than the root.
void BpfSession::hook_receives_in(const std::string& cgroup_dir) {
    const std::string& root = attach_.cgroup2_mount;
    for (const auto& hooked : hooked_cgroups_)
        if (hooked == root || cgroup_dir == hooked || cgroup_dir.rfind(hooked + "/", 0) == 0) return;
    const int cgroup = ::open(cgroup_dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (cgroup < 0) throw failure(("opening the cgroup " + cgroup_dir).c_str(), errno);
    for (bpf_program* prog : {impl_->skel->progs.recv_peer4, impl_->skel->progs.recv_peer6}) {
        bpf_link* link = bpf_program__attach_cgroup(prog, cgroup);
        if (!link) {
            const int err = errno;
            ::close(cgroup);
            throw failure("attaching the cgroup recvmsg hooks (try --attach syscall)", err);
        }
        impl_->links.push_back(link);
    }
    ::close(cgroup);
    hooked_cgroups_.push_back(cgroup_dir);
}

void BpfSession::add_target(uint32_t pid) {
    if (pid >= NTPS_PID_LIMIT)
        throw std::runtime_error("adding a target pid: " + std::to_string(pid) + " is past the kernel's pid limit");
    // The BPF side sets and clears bits of the same words at fork, exec and exit.
    __atomic_fetch_or(&impl_->skel->bss->target_bits[pid / 64], uint64_t{1} << (pid % 64), __ATOMIC_SEQ_CST);
}

int BpfSession::poll(int timeout_ms) {
    int n = ring_buffer__poll(impl_->rb, timeout_ms);
    return n == -EINTR ? 0 : n;
}

int BpfSession::drain() {
    int n = ring_buffer__consume(impl_->rb);
    return n < 0 ? 0 : n;
}

uint64_t BpfSession::lost() const {
    std::vector<uint64_t> per_cpu(static_cast<size_t>(impl_->ncpus));
    uint32_t zero = 0;
    if (bpf_map__lookup_elem(impl_->skel->maps.lost, &zero, sizeof zero, per_cpu.data(),
                             per_cpu.size() * sizeof(uint64_t), 0))
        return 0;
    uint64_t total = 0;
    for (auto v : per_cpu) total += v;
    return total;
}

}  // namespace ntpscope::probe
