#include "probe/bpf_session.hpp"

#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <unistd.h>

#include <cerrno>
#include <cstdarg>
#include <cstdio>
#include <cstring>
#include <stdexcept>

#include "ntpscope_abi.h"
#include "ntpscope_bpf.skel.h"
#include "probe/tracefs.hpp"

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

    ~Impl() {
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

    skel->rodata->snaplen = options.snaplen ? options.snaplen : NTPS_DEFAULT_SNAPLEN;
    if (options.follow_comms.size() > NTPS_MAX_COMMS)
        throw std::runtime_error("at most " + std::to_string(NTPS_MAX_COMMS) + " --comm names can be followed");
    skel->rodata->follow_count = static_cast<__u32>(options.follow_comms.size());
    for (size_t i = 0; i < options.follow_comms.size(); ++i)
        std::strncpy(const_cast<char*>(skel->rodata->follow_comms[i]), options.follow_comms[i].c_str(),
                     NTPS_COMM_LEN - 1);
    if (int err = bpf_map__set_max_entries(skel->maps.events, options.ring_bytes))
        throw failure("sizing the ring buffer", err);

    // A kernel without one of the syscalls (e.g. no legacy adjtimex on arm64) still records the rest.
    bpf_program* prog = nullptr;
    bpf_object__for_each_program(prog, skel->obj) {
        std::string section = bpf_program__section_name(prog);
        auto slash = section.find('/');
        auto last = section.rfind('/');
        std::string category = section.substr(slash + 1, last - slash - 1);
        std::string name = section.substr(last + 1);
        if (!tracepoint_exists(tracefs, category, name)) {
            bpf_program__set_autoload(prog, false);
            missing_.push_back(name);
        }
    }

    if (int err = ntpscope_bpf__load(skel)) throw failure("loading the BPF programs", err);
    if (int err = ntpscope_bpf__attach(skel)) throw failure("attaching to the syscall tracepoints", err);
    impl_->rb = ring_buffer__new(bpf_map__fd(skel->maps.events), on_record, &impl_->handler, nullptr);
    if (!impl_->rb) throw failure("opening the ring buffer", errno);
}

BpfSession::~BpfSession() = default;

void BpfSession::add_target(uint32_t pid) {
    __u8 one = 1;
    if (bpf_map__update_elem(impl_->skel->maps.targets, &pid, sizeof pid, &one, sizeof one, BPF_ANY))
        throw failure("adding a target pid", errno);
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
