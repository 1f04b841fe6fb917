// SPDX-License-Identifier: GPL-2.0
/* Records an NTP daemon's datagram, clock and socket-lifecycle calls, on one of two paths that
 * user space chooses at load time (`socket_path`, docs/trace-format.md "Recording paths"):
 * - the syscall path: two programs on the raw sys_enter/sys_exit tracepoints see every syscall
 *   of every process, so each first checks the syscall number against a table of the recorded
 *   calls, then the caller's tgid against `target_bits`. The exit program reads the arguments
 *   from the saved user registers, then results, payloads and the fd's socket identity, and emits
 *   one ring-buffer record per call (per message for recvmmsg/sendmmsg). Only sends (stamped at
 *   entry) and close (its fd is gone at exit) need the entry program.
 * - the socket path (below, "The socket path"): socket tracepoints, cgroup recvmsg hooks and
 *   libc uprobes, which other processes' syscalls never run.
 * Both share the record building, and the clock uprobes serve both, so this is one file: one BPF
 * object, one skeleton, one set of maps. A record that does not fit in the ring buffer is
 * counted in `lost`.
 */
#include "vmlinux.h"
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_endian.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

#include "ntpscope_abi.h"

#define AF_INET 2
#define AF_INET6 10
#define S_IFMT 00170000
#define S_IFSOCK 0140000
/* A libc clock call failed but its errno could not be read: recorded as EIO. */
#define EIO_UNKNOWN 5

/* The saved user registers of a syscall: its number and arguments. At exit the argument
 * registers still hold what the caller passed (arm64 overwrites x0 with the result and keeps the
 * first argument in orig_x0). Compat (32-bit) syscalls have other numbers and argument registers:
 * they are not recorded, as the per-syscall tracepoints never reported them either. */
#if defined(__TARGET_ARCH_x86)
#define TS_COMPAT 0x0002
#define SYSCALL_NR(regs) ((long)(regs)->orig_ax)
static __always_inline void syscall_args(const struct pt_regs *regs, __u64 args[6])
{
	args[0] = regs->di;
	args[1] = regs->si;
	args[2] = regs->dx;
	args[3] = regs->r10;
	args[4] = regs->r8;
	args[5] = regs->r9;
}
static __always_inline bool compat_syscall(const struct pt_regs *regs)
{
	return bpf_get_current_task_btf()->thread_info.status & TS_COMPAT;
}
#elif defined(__TARGET_ARCH_arm64)
#define PSR_MODE32_BIT 0x10
#define SYSCALL_NR(regs) ((long)(regs)->syscallno)
static __always_inline void syscall_args(const struct pt_regs *regs, __u64 args[6])
{
	args[0] = regs->orig_x0;
	args[1] = regs->regs[1];
	args[2] = regs->regs[2];
	args[3] = regs->regs[3];
	args[4] = regs->regs[4];
	args[5] = regs->regs[5];
}
static __always_inline bool compat_syscall(const struct pt_regs *regs)
{
	return regs->pstate & PSR_MODE32_BIT;
}
#else
#error "ntpscope reads syscall arguments from the saved registers of x86_64 and arm64 only"
#endif

const volatile __u32 snaplen = NTPS_DEFAULT_SNAPLEN;
/* Which programs record the targets' datagrams and clock calls: see "The socket path" below. */
const volatile bool socket_path = false;
const volatile __u32 follow_count = 0;
const volatile __u64 wakeup_bytes = 1 << 20; /* an eighth of the ring, set by user space */
const volatile char follow_comms[NTPS_MAX_COMMS][NTPS_COMM_LEN] = {};
/* enum ntps_call of each syscall number, NTPS_CALL_COUNT for the calls not recorded. User space
 * fills it from the build architecture's <sys/syscall.h>: the kernel's BTF has no syscall
 * numbers on x86_64. */
const volatile __u8 call_of_nr[NTPS_SYSCALL_NR_MAX] = {[0 ... NTPS_SYSCALL_NR_MAX - 1] = NTPS_CALL_COUNT};

/* One bit per pid: a tgid, or a child pid recorded at fork. The check every recorded syscall of
 * every process pays is a shift and a load instead of a hash lookup (which cost more than the
 * rest of an untargeted call's filtering). Set by user space and at fork/exec, cleared at exit. */
__u64 target_bits[NTPS_PID_LIMIT / 64];

/* What a traced thread's call left at entry for its exit: a send or close on the syscall path, a
 * recvmmsg/sendmmsg (whose arguments the return probe no longer has) on the socket path. */
struct pending {
	__u32 call;         /* NTPS_CALL_COUNT once the exit has used it */
	__u32 pad;
	__u64 enter_ns;     /* sends are stamped on entry: nearest the daemon's transmit time */
	struct ntps_sock sock; /* close: resolved on entry, the fd is gone on exit */
	__u64 args[4];      /* recvmmsg/sendmmsg: fd, vector, length, flags */
	__u64 errno_addr;   /* recvmmsg/sendmmsg: where a failure leaves its errno */
};

/* Task storage rather than a hash keyed by tid: a cheaper lookup, freed with the thread. */
struct {
	__uint(type, BPF_MAP_TYPE_TASK_STORAGE);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, int);
	__type(value, struct pending);
} pending SEC(".maps");

/* One recorded call, as the exit program sees it. */
struct call {
	__u32 call;
	__u32 pad;
	__u64 args[6];
	__u64 mono_ns;         /* the record's time: entry for sends (when seen), else exit */
	bool btf_walk;         /* see resolve_fd */
	bool sock_known;       /* sock already holds the socket (the socket path), no fd walk */
	struct ntps_sock sock; /* close, and the socket path */
	/* The socket path's receives: the sender's address as the kernel gave it to the cgroup
	 * recvmsg hook. The caller's msg_name is filled only after the tracepoint. */
	__u32 peer_len;
	__u8 peer[NTPS_ADDR_LEN];
};

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 8 << 20); /* resized by user space before load */
} events SEC(".maps");

/* struct mmsghdr as user space lays it out: a msghdr then the message length. */
struct user_mmsghdr {
	struct user_msghdr hdr;
	__u32 msg_len;
	__u32 pad;
};

struct record {
	struct ntps_event ev;
	__u8 buf[NTPS_MAX_SNAPLEN + NTPS_MAX_EXTRA];
	/* Not sent: an mmsg call's message headers, copied from user space in one read instead
	 * of two per message (each user read costs ~70 ns, most of the exit program's time). */
	struct user_mmsghdr vec[NTPS_MAX_MMSG];
};

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct record);
} scratch SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} lost SEC(".maps");

/* Weak: on kernels without it the *_probe programs are loaded instead (user space chooses). */
extern void *bpf_rdonly_cast(const void *obj, __u32 btf_id) __ksym __weak;

static __always_inline __u32 call_of(long nr)
{
	return (unsigned long)nr < NTPS_SYSCALL_NR_MAX ? call_of_nr[nr] : NTPS_CALL_COUNT;
}

static __always_inline bool is_send(__u32 call)
{
	return call == NTPS_SENDTO || call == NTPS_SENDMSG || call == NTPS_SENDMMSG;
}

/* The barrier keeps the mask, which the compiler would drop after the caller's range check: the
 * verifier bounds the index by the mask, not by a check done on another copy of it. */
static __always_inline __u64 *target_word(__u32 pid)
{
	__u32 word = pid / 64;

	barrier_var(word);
	return &target_bits[word & (NTPS_PID_LIMIT / 64 - 1)];
}

static __always_inline bool is_pid_target(__u32 pid)
{
	return pid < NTPS_PID_LIMIT && (*target_word(pid) & (1ull << (pid % 64)));
}

static __always_inline bool is_target(void)
{
	return is_pid_target(bpf_get_current_pid_tgid() >> 32);
}

static __always_inline void set_target(__u32 pid, bool on)
{
	if (pid >= NTPS_PID_LIMIT)
		return;
	if (on)
		__sync_fetch_and_or(target_word(pid), 1ull << (pid % 64));
	else
		__sync_fetch_and_and(target_word(pid), ~(1ull << (pid % 64)));
}

/* Reads field F of kernel object P: a plain load when P is a BTF-typed pointer (a faulting load
 * reads 0), else a bpf_probe_read_kernel. The choice is a compile-time constant in each program. */
#define KREAD(btf_walk, P, F) ((btf_walk) ? (P)->F : BPF_CORE_READ(P, F))

/* Family, ports and addresses of a socket, as the kernel keeps them. */
static __always_inline void sock_addresses(struct sock *sk, struct ntps_sock *out, bool btf_walk)
{
	out->family = KREAD(btf_walk, sk, __sk_common.skc_family);
	out->local_port = KREAD(btf_walk, sk, __sk_common.skc_num);
	out->remote_port = bpf_ntohs(KREAD(btf_walk, sk, __sk_common.skc_dport));
	if (out->family == AF_INET) {
		__be32 local = KREAD(btf_walk, sk, __sk_common.skc_rcv_saddr);
		__be32 remote = KREAD(btf_walk, sk, __sk_common.skc_daddr);
		__builtin_memcpy(out->local_ip, &local, 4);
		__builtin_memcpy(out->remote_ip, &remote, 4);
	} else if (out->family == AF_INET6) {
#pragma unroll
		for (int i = 0; i < 4; i++) {
			__u32 local = KREAD(btf_walk, sk, __sk_common.skc_v6_rcv_saddr.in6_u.u6_addr32[i]);
			__u32 remote = KREAD(btf_walk, sk, __sk_common.skc_v6_daddr.in6_u.u6_addr32[i]);
			__builtin_memcpy(out->local_ip + 4 * i, &local, 4);
			__builtin_memcpy(out->remote_ip + 4 * i, &remote, 4);
		}
	}
}

/* btf_walk: follow the fd to its socket with plain loads, casting the untyped pointers on the
 * way (bpf_rdonly_cast, Linux >= 6.2), instead of ~14 probe reads (~0.2 us per event). */
static __always_inline void resolve_fd(int fd, struct ntps_sock *out, bool btf_walk)
{
	struct fdtable *fdt = bpf_get_current_task_btf()->files->fdt;
	struct file *file = NULL;

	if (fd < 0 || !fdt || (unsigned int)fd >= fdt->max_fds)
		return;
	struct file **fds = fdt->fd;
	if (btf_walk) {
		/* The fd array's elements carry no BTF: slot fd is read as the one pointer member of a
		 * struct llist_node, a plain load instead of a bpf_probe_read_kernel (~45 ns). */
		struct llist_node *slot = bpf_rdonly_cast(&fds[fd], bpf_core_type_id_kernel(struct llist_node));
		file = bpf_rdonly_cast(slot->next, bpf_core_type_id_kernel(struct file));
	} else if (bpf_probe_read_kernel(&file, sizeof(file), &fds[fd])) {
		return;
	}
	if (!file)
		return;
	struct inode *inode = KREAD(btf_walk, file, f_inode);
	if (!inode || (KREAD(btf_walk, inode, i_mode) & S_IFMT) != S_IFSOCK)
		return;
	struct socket *sock = KREAD(btf_walk, file, private_data);
	if (btf_walk)
		sock = bpf_rdonly_cast(sock, bpf_core_type_id_kernel(struct socket));
	struct sock *sk = KREAD(btf_walk, sock, sk);
	if (!sk)
		return;
	out->ino = KREAD(btf_walk, inode, i_ino);
	out->type = KREAD(btf_walk, sock, type);
	sock_addresses(sk, out, btf_walk);
}

/* The socket path's identity of a socket: straight from the tracepoint's struct sock, no fd walk. */
static __always_inline void sock_identity(struct sock *sk, struct ntps_sock *out)
{
	struct socket *sock = sk->sk_socket;

	if (sock && sock->file && sock->file->f_inode)
		out->ino = sock->file->f_inode->i_ino;
	out->type = sk->sk_type;
	sock_addresses(sk, out, true);
}

static __always_inline struct record *new_record(__u32 call, int fd, long ret, __u64 mono_ns)
{
	__u32 zero = 0;
	struct record *r = bpf_map_lookup_elem(&scratch, &zero);
	__u64 id = bpf_get_current_pid_tgid();

	if (!r)
		return NULL;
	__builtin_memset(&r->ev, 0, sizeof(r->ev));
	r->ev.mono_ns = mono_ns;
	r->ev.pid = id >> 32;
	r->ev.tid = (__u32)id;
	r->ev.call = call;
	r->ev.fd = fd;
	r->ev.ret = ret;
	/* Two plain loads; bpf_get_current_comm's padded string copy cost 2 % of a traced loop. */
	__builtin_memcpy(r->ev.comm, bpf_get_current_task_btf()->comm, NTPS_COMM_LEN);
	return r;
}

/* Waking the reader for each record made every traced syscall pay for an inter-processor
 * interrupt and a context switch (about 3 us of the exit handler's 4 us in a VM). The reader
 * drains the ring on a short timer anyway, so it is woken only once an eighth of the ring waits. */
static __always_inline __u64 wakeup_flag(void)
{
	__u64 waiting = bpf_ringbuf_query(&events, BPF_RB_AVAIL_DATA);

	return waiting >= wakeup_bytes ? BPF_RB_FORCE_WAKEUP : BPF_RB_NO_WAKEUP;
}

static __always_inline void submit(struct record *r)
{
	__u32 caplen = r->ev.caplen;
	__u32 extra = r->ev.extra_len;

	if (caplen > NTPS_MAX_SNAPLEN)
		caplen = NTPS_MAX_SNAPLEN;
	if (extra > NTPS_MAX_EXTRA)
		extra = NTPS_MAX_EXTRA;
	__u64 size = sizeof(r->ev) + caplen + extra;
	if (bpf_ringbuf_output(&events, r, size, wakeup_flag())) {
		__u32 zero = 0;
		__u64 *count = bpf_map_lookup_elem(&lost, &zero);
		if (count)
			*count += 1;
	}
}

static __always_inline void capture_payload(struct record *r, const void *ubuf, __u64 len)
{
	__u64 n = len < snaplen ? len : snaplen;

	if (n > NTPS_MAX_SNAPLEN)
		n = NTPS_MAX_SNAPLEN;
	if (!ubuf || !n)
		return;
	if (bpf_probe_read_user(r->buf, n, ubuf) == 0)
		r->ev.caplen = n;
}

/* Raw bytes placed right after the payload, so only the used part crosses the ring buffer. */
static __always_inline void capture_extra(struct record *r, __u16 kind, const void *ubuf, __u64 len)
{
	__u32 off = r->ev.caplen;
	__u64 n = len < NTPS_MAX_EXTRA ? len : NTPS_MAX_EXTRA;

	if (!ubuf || !n || off > NTPS_MAX_SNAPLEN)
		return;
	if (bpf_probe_read_user(r->buf + off, n, ubuf) == 0) {
		r->ev.extra_kind = kind;
		r->ev.extra_len = n;
	}
}

static __always_inline void capture_addr(struct record *r, const void *uaddr, __u64 len)
{
	__u64 n = len < NTPS_ADDR_LEN ? len : NTPS_ADDR_LEN;

	if (!uaddr || !n)
		return;
	if (bpf_probe_read_user(r->ev.addr, n, uaddr) == 0)
		r->ev.addr_len = n;
}

static __always_inline void call_sock(struct call *c, struct record *r)
{
	if (c->sock_known)
		r->ev.sock = c->sock;
	else
		resolve_fd((int)c->args[0], &r->ev.sock, c->btf_walk);
}

/* The peer of a message: from the caller's buffer, or (socket path, receives) from the hook. */
static __always_inline void call_addr(struct call *c, struct record *r, const void *uaddr, __u64 len)
{
	__u32 n = c->peer_len;

	if (c->sock_known && !is_send(c->call)) {
		if (n > 0 && n <= NTPS_ADDR_LEN) {
			__builtin_memcpy(r->ev.addr, c->peer, NTPS_ADDR_LEN);
			r->ev.addr_len = n;
		}
		return;
	}
	capture_addr(r, uaddr, len);
}

/* The part of a datagram call's record that all its messages share: who, when, the fd's socket. */
static __always_inline struct record *new_msg_record(struct call *c, long ret)
{
	struct record *r = new_record(c->call, (int)c->args[0], ret, c->mono_ns);

	if (!r)
		return NULL;
	call_sock(c, r);
	r->ev.flags = c->call == NTPS_RECVMMSG || c->call == NTPS_SENDMMSG ? c->args[3] : c->args[2];
	return r;
}

/* One message of sendmsg/recvmsg (or one slot of the mmsg calls): name, payload, control, from
 * `msg`, the kernel's copy of its msghdr (NULL when the call failed or it could not be read).
 * The messages of one mmsg call reuse `r` (the ring holds a copy of each), so only these fields
 * are rewritten per message and the socket is looked up once per call. */
static __always_inline void emit_message(struct call *c, struct record *r, long ret,
					 const struct user_msghdr *msg, __u32 msg_len, __u16 index,
					 __u32 omitted)
{
	struct iovec iov;
	__u32 call = c->call;

	r->ev.msg_index = index;
	r->ev.omitted = omitted;
	r->ev.len = 0;
	r->ev.caplen = 0;
	r->ev.extra_kind = NTPS_EXTRA_NONE;
	r->ev.extra_len = 0;
	r->ev.addr_len = 0;
	if (msg) {
		r->ev.len = msg_len;
		call_addr(c, r, msg->msg_name, msg->msg_namelen);
		if (msg->msg_iovlen > 0 && bpf_probe_read_user(&iov, sizeof(iov), msg->msg_iov) == 0)
			capture_payload(r, iov.iov_base, msg_len < iov.iov_len ? msg_len : iov.iov_len);
		bool receiving = call == NTPS_RECVMSG || call == NTPS_RECVMMSG;
		if (receiving && msg->msg_control && msg->msg_controllen)
			capture_extra(r, NTPS_EXTRA_CONTROL, msg->msg_control, msg->msg_controllen);
	}
	submit(r);
}

static __always_inline void exit_msghdr(struct call *c, long ret)
{
	struct record *r = new_msg_record(c, ret);
	struct user_msghdr msg;
	bool read = ret >= 0 && bpf_probe_read_user(&msg, sizeof(msg), (void *)c->args[1]) == 0;

	if (r)
		emit_message(c, r, ret, read ? &msg : NULL, ret > 0 ? ret : 0, 0, 0);
}

static __always_inline void exit_mmsg(struct call *c, long ret)
{
	__u32 count = ret > 0 ? ret : 0;
	__u32 omitted = count > NTPS_MAX_MMSG ? count - NTPS_MAX_MMSG : 0;
	__u32 recorded = count - omitted;
	struct record *r = new_msg_record(c, ret);

	if (!r)
		return;
	if (ret <= 0) {
		emit_message(c, r, ret, NULL, 0, 0, 0);
		return;
	}
	bool read = recorded <= NTPS_MAX_MMSG &&
		    bpf_probe_read_user(r->vec, recorded * sizeof(r->vec[0]), (void *)c->args[1]) == 0;
	for (__u32 i = 0; i < NTPS_MAX_MMSG; i++) {
		if (i >= recorded)
			break;
		emit_message(c, r, ret, read ? &r->vec[i].hdr : NULL, read ? r->vec[i].msg_len : 0,
			     i, i == 0 ? omitted : 0);
	}
}

/* sendto(fd, buf, len, flags, dest_addr, addrlen); recvfrom(fd, buf, size, flags, src, *addrlen) */
static __always_inline void exit_flat(struct call *c, long ret)
{
	struct record *r = new_record(c->call, (int)c->args[0], ret, c->mono_ns);

	if (!r)
		return;
	call_sock(c, r);
	r->ev.flags = c->args[3];
	if (c->call == NTPS_SENDTO) {
		r->ev.len = ret >= 0 ? ret : c->args[2];
		capture_payload(r, (void *)c->args[1], r->ev.len);
		capture_addr(r, (void *)c->args[4], c->args[5]);
	} else if (ret >= 0) {
		__u32 addrlen = 0;
		r->ev.len = ret;
		capture_payload(r, (void *)c->args[1], ret);
		if (c->args[5] && !c->sock_known)
			bpf_probe_read_user(&addrlen, sizeof(addrlen), (void *)c->args[5]);
		call_addr(c, r, (void *)c->args[4], addrlen);
	}
	submit(r);
}

static __always_inline void emit_clock_from(struct call *c, long ret, __u16 origin)
{
	struct record *r;
	__u32 call = c->call;
	int clock_id = call == NTPS_CLOCK_ADJTIME || call == NTPS_CLOCK_SETTIME ? (int)c->args[0] : -1;
	void *arg = (void *)(call == NTPS_CLOCK_ADJTIME || call == NTPS_CLOCK_SETTIME ? c->args[1]
										       : c->args[0]);

	r = new_record(call, -1, ret, c->mono_ns);
	if (!r)
		return;
	r->ev.origin = origin;
	r->ev.arg0 = clock_id;
	if (call == NTPS_ADJTIMEX || call == NTPS_CLOCK_ADJTIME)
		capture_extra(r, NTPS_EXTRA_TIMEX, arg, sizeof(struct __kernel_timex));
	else if (call == NTPS_CLOCK_SETTIME)
		capture_extra(r, NTPS_EXTRA_TIMESPEC, arg, sizeof(struct __kernel_timespec));
	else
		capture_extra(r, NTPS_EXTRA_TIMEVAL, arg, sizeof(struct __kernel_old_timeval));
	submit(r);
}

static __always_inline void exit_clock(struct call *c, long ret)
{
	emit_clock_from(c, ret, NTPS_ORIGIN_SYSCALL);
}

/* socket, bind, connect, setsockopt, close: only calls on sockets are worth a record. */
static __always_inline void exit_lifecycle(struct call *c, long ret)
{
	__u32 call = c->call;
	int fd = call == NTPS_SOCKET ? (int)ret : (int)c->args[0];
	struct record *r = new_record(call, call == NTPS_SOCKET ? -1 : fd, ret, c->mono_ns);

	if (!r)
		return;
	if (call == NTPS_CLOSE)
		r->ev.sock = c->sock;
	else
		resolve_fd(fd, &r->ev.sock, c->btf_walk);
	if (call == NTPS_SOCKET) {
		r->ev.fd = fd;
		if (ret < 0) {
			r->ev.sock.family = c->args[0];
			r->ev.sock.type = c->args[1];
		}
	} else if (r->ev.sock.family == 0) {
		return; /* not a socket: ntpd closes plenty of files */
	}
	if (call == NTPS_BIND || call == NTPS_CONNECT)
		capture_addr(r, (void *)c->args[1], c->args[2]);
	if (call == NTPS_SETSOCKOPT) {
		r->ev.arg0 = c->args[1];
		r->ev.arg1 = c->args[2];
		capture_extra(r, NTPS_EXTRA_OPTVAL, (void *)c->args[3], c->args[4]);
	}
	submit(r);
}

static __always_inline void emit_call(struct call *c, long ret)
{
	switch (c->call) {
	case NTPS_RECVMSG:
	case NTPS_SENDMSG:
		exit_msghdr(c, ret);
		break;
	case NTPS_RECVMMSG:
	case NTPS_SENDMMSG:
		exit_mmsg(c, ret);
		break;
	case NTPS_RECVFROM:
	case NTPS_SENDTO:
		exit_flat(c, ret);
		break;
	case NTPS_ADJTIMEX:
	case NTPS_CLOCK_ADJTIME:
	case NTPS_CLOCK_SETTIME:
	case NTPS_SETTIMEOFDAY:
		exit_clock(c, ret);
		break;
	default:
		exit_lifecycle(c, ret);
		break;
	}
}

static __always_inline int on_sys_enter(struct pt_regs *regs, long nr, bool btf_walk)
{
	__u32 call = call_of(nr);
	struct pending *p;

	if (!is_send(call) && call != NTPS_CLOSE)
		return 0;
	if (!is_target() || compat_syscall(regs))
		return 0;
	p = bpf_task_storage_get(&pending, bpf_get_current_task_btf(), NULL,
				 BPF_LOCAL_STORAGE_GET_F_CREATE);
	if (!p)
		return 0;
	if (call == NTPS_CLOSE) {
		__u64 args[6];

		syscall_args(regs, args);
		__builtin_memset(&p->sock, 0, sizeof(p->sock));
		resolve_fd((int)args[0], &p->sock, btf_walk);
	}
	p->call = call;
	p->enter_ns = bpf_ktime_get_ns();
	return 0;
}

static __always_inline int on_sys_exit(struct pt_regs *regs, long ret, bool btf_walk)
{
	struct call c = {.call = call_of(SYSCALL_NR(regs)), .btf_walk = btf_walk};

	if (c.call >= NTPS_CALL_COUNT || !is_target() || compat_syscall(regs))
		return 0;
	syscall_args(regs, c.args);
	if (is_send(c.call) || c.call == NTPS_CLOSE) {
		struct pending *p = bpf_task_storage_get(&pending, bpf_get_current_task_btf(), NULL, 0);

		if (p && p->call == c.call) {
			if (is_send(c.call))
				c.mono_ns = p->enter_ns;
			else
				c.sock = p->sock;
			p->call = NTPS_CALL_COUNT;
		}
	}
	if (!c.mono_ns)
		c.mono_ns = bpf_ktime_get_ns();
	emit_call(&c, ret);
	return 0;
}

/* The same programs twice: user space loads the *_probe pair only where bpf_rdonly_cast is missing. */
SEC("tp_btf/sys_enter")
int BPF_PROG(enter_syscall, struct pt_regs *regs, long nr)
{
	return on_sys_enter(regs, nr, true);
}

SEC("tp_btf/sys_exit")
int BPF_PROG(exit_syscall, struct pt_regs *regs, long ret)
{
	return on_sys_exit(regs, ret, true);
}

SEC("tp_btf/sys_enter")
int BPF_PROG(enter_probe, struct pt_regs *regs, long nr)
{
	return on_sys_enter(regs, nr, false);
}

SEC("tp_btf/sys_exit")
int BPF_PROG(exit_probe, struct pt_regs *regs, long ret)
{
	return on_sys_exit(regs, ret, false);
}

/* Who touches the clock: uprobes on the C library's adjtimex/ntp_adjtime, clock_adjtime,
 * clock_settime and settimeofday (stime, a compat symbol, calls clock_settime), in every process
 * that maps the host's libc. These calls
 * are rare, so the whole host is watched; the targets' own calls already come from the syscall
 * tracepoints. The wrappers call each other (adjtimex jumps to clock_adjtime, settimeofday calls
 * clock_settime): the outermost call of a thread is the one recorded.
 *
 * The wrappers return -1 and leave the errno in thread-local storage. User space finds, in libc's
 * __errno_location, the GOT slot that holds errno's offset from the thread pointer
 * (errno_got_vaddr); with the library's load address (the probed address minus the function's
 * address in the file, passed as the attach cookie) and the thread's fs base, the entry program
 * finds this thread's errno, and the return program reads it. */
const volatile __u64 errno_got_vaddr = 0; /* 0: unknown (another libc, or not x86_64) */

struct clock_entry {
	__u32 call;
	int clock_id;
	__u64 arg;        /* struct timex / timespec / timeval pointer */
	__u64 errno_addr; /* 0 when unknown */
	__u64 mono_ns;
};

struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 4096);
	__type(key, __u32); /* tid */
	__type(value, struct clock_entry);
} clock_calls SEC(".maps");

static __always_inline __u64 errno_address(struct pt_regs *ctx)
{
#if defined(__TARGET_ARCH_x86)
	__u64 tpoff = 0;

	if (!errno_got_vaddr)
		return 0;
	__u64 base = (PT_REGS_IP(ctx) - bpf_get_attach_cookie(ctx)) & ~0xfffull;
	if (bpf_probe_read_user(&tpoff, sizeof(tpoff), (void *)(base + errno_got_vaddr)))
		return 0;
	return bpf_get_current_task_btf()->thread.fsbase + tpoff;
#else
	return 0;
#endif
}

static __always_inline int clock_enter(struct pt_regs *ctx, __u32 call, int clock_id, void *arg)
{
	__u32 tid = (__u32)bpf_get_current_pid_tgid();
	struct clock_entry e = {.call = call, .clock_id = clock_id, .arg = (__u64)arg};

	if (is_target() && !socket_path)
		return 0; /* the syscall path records the targets' own calls */
	e.errno_addr = errno_address(ctx);
	e.mono_ns = bpf_ktime_get_ns();
	bpf_map_update_elem(&clock_calls, &tid, &e, BPF_NOEXIST);
	return 0;
}

/* A libc wrapper's result as the syscall's: -errno when it returned -1 (EIO when the errno
 * could not be read), else what it returned. */
static __always_inline long wrapper_result(int ret, __u64 errno_addr)
{
	int err = 0;

	if (ret != -1)
		return ret;
	if (!(errno_addr && bpf_probe_read_user(&err, sizeof(err), (void *)errno_addr) == 0 && err > 0 && err < 4096))
		err = EIO_UNKNOWN;
	return -err;
}

static __always_inline int clock_return(__u32 call, int ret)
{
	__u32 tid = (__u32)bpf_get_current_pid_tgid();
	struct clock_entry *e = bpf_map_lookup_elem(&clock_calls, &tid);
	struct call c = {.call = call};

	if (!e || e->call != call)
		return 0; /* an inner wrapper of the recorded call */
	const long result = wrapper_result(ret, e->errno_addr);
	c.args[0] = call == NTPS_CLOCK_ADJTIME || call == NTPS_CLOCK_SETTIME ? (__u64)e->clock_id : e->arg;
	c.args[1] = e->arg;
	c.mono_ns = e->mono_ns;
	bpf_map_delete_elem(&clock_calls, &tid);
	emit_clock_from(&c, result, is_target() ? NTPS_ORIGIN_SYSCALL : NTPS_ORIGIN_LIBC);
	return 0;
}

SEC("uprobe")
int BPF_KPROBE(adjtimex_enter, void *tx)
{
	return clock_enter(ctx, NTPS_ADJTIMEX, -1, tx);
}

SEC("uretprobe")
int BPF_KRETPROBE(adjtimex_return, int ret)
{
	return clock_return(NTPS_ADJTIMEX, ret);
}

SEC("uprobe")
int BPF_KPROBE(clock_adjtime_enter, int clock_id, void *tx)
{
	return clock_enter(ctx, NTPS_CLOCK_ADJTIME, clock_id, tx);
}

SEC("uretprobe")
int BPF_KRETPROBE(clock_adjtime_return, int ret)
{
	return clock_return(NTPS_CLOCK_ADJTIME, ret);
}

SEC("uprobe")
int BPF_KPROBE(clock_settime_enter, int clock_id, void *ts)
{
	return clock_enter(ctx, NTPS_CLOCK_SETTIME, clock_id, ts);
}

SEC("uretprobe")
int BPF_KRETPROBE(clock_settime_return, int ret)
{
	return clock_return(NTPS_CLOCK_SETTIME, ret);
}

SEC("uprobe")
int BPF_KPROBE(settimeofday_enter, void *tv)
{
	return clock_enter(ctx, NTPS_SETTIMEOFDAY, -1, tv);
}

SEC("uretprobe")
int BPF_KRETPROBE(settimeofday_return, int ret)
{
	return clock_return(NTPS_SETTIMEOFDAY, ret);
}

/* The socket path. The syscall tracepoints above put every syscall of every process on the host
 * through the kernel's slow path (a getppid loop 1.74x slower). These programs fire only where
 * sockets send or receive, and do the pid check first:
 * - sock_send_length/sock_recv_length fire in sock_sendmsg/sock_recvmsg, once per message of
 *   whatever syscall, after the data was copied. The socket comes from the struct sock argument;
 *   the fd, msghdr and buffers from the task's saved user registers, as at syscall exit.
 * - A receive's msg_name (the sender) is copied to the caller only after the tracepoint, so it
 *   comes from the cgroup recvmsg hooks, which run just before it in the same call.
 * - recvmmsg/sendmmsg: the tracepoint cannot tell which message of the vector it sees, so these
 *   come from uprobes on the C library's wrappers (entry and return), read as at syscall exit.
 * - Socket lifecycle from the socket state: the first sight of each socket is recorded as a bind
 *   of its local address, and its multicast list as memberships, again whenever the list changes.
 *   socket(), connect(), close() and failed bind/setsockopt calls are no longer seen.
 * Sends are stamped right after the send, not at entry. */
/* What the socket path keeps per socket, in the socket's own storage (no hash lookups): the
 * sender the recvmsg hook saw for the receive in progress, and the group list last recorded. */
struct sock_state {
	__u64 groups;    /* multicast list head when last recorded */
	__u32 peer_tid;  /* the thread whose receive left `peer`; 0: none */
	__u16 peer_len;
	__u16 seen;      /* the socket's first sight was recorded */
	__u8 peer[NTPS_ADDR_LEN];
};

struct {
	__uint(type, BPF_MAP_TYPE_SK_STORAGE);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, int);
	__type(value, struct sock_state);
} sock_states SEC(".maps");

#define IPPROTO_IP 0
#define IPPROTO_IPV6 41
#define IP_ADD_MEMBERSHIP 35
#define IPV6_ADD_MEMBERSHIP 20
#define NTPS_MAX_GROUPS 8

static __always_inline struct sock_state *rx_peer_slot(struct bpf_sock_addr *ctx)
{
	struct bpf_sock *sk = ctx->sk;

	return sk ? bpf_sk_storage_get(&sock_states, sk, NULL, BPF_SK_STORAGE_GET_F_CREATE) : NULL;
}

static __always_inline void note_rx_peer(struct sock_state *st, __u16 family, __u32 port)
{
	__u16 port16 = (__u16)port; /* user_port: network order in the low 16 bits */

	st->peer_tid = (__u32)bpf_get_current_pid_tgid();
	__builtin_memcpy(st->peer, &family, 2);
	__builtin_memcpy(st->peer + 2, &port16, 2);
	st->peer_len = family == AF_INET ? 16 : NTPS_ADDR_LEN;
}

SEC("cgroup/recvmsg4")
int recv_peer4(struct bpf_sock_addr *ctx)
{
	struct sock_state *st;

	if (is_target() && (st = rx_peer_slot(ctx))) {
		__u32 ip = ctx->user_ip4;
		__builtin_memcpy(st->peer + 4, &ip, 4);
		note_rx_peer(st, AF_INET, ctx->user_port);
	}
	return 1;
}

SEC("cgroup/recvmsg6")
int recv_peer6(struct bpf_sock_addr *ctx)
{
	struct sock_state *st;

	if (is_target() && (st = rx_peer_slot(ctx))) {
		__u32 ip[4] = {ctx->user_ip6[0], ctx->user_ip6[1], ctx->user_ip6[2], ctx->user_ip6[3]};
		__builtin_memset(st->peer + 4, 0, 4);
		__builtin_memcpy(st->peer + 8, ip, 16);
		__builtin_memset(st->peer + 24, 0, 4);
		note_rx_peer(st, AF_INET6, ctx->user_port);
	}
	return 1;
}

static __always_inline struct record *state_record(struct call *c, __u32 call)
{
	struct record *r = new_record(call, (int)c->args[0], 0, c->mono_ns);

	if (r) {
		r->ev.origin = NTPS_ORIGIN_SOCK_STATE;
		r->ev.sock = c->sock;
	}
	return r;
}

/* First sight: the socket's local address, as a bind to it would have carried it. */
static __always_inline void emit_first_sight(struct call *c)
{
	struct record *r = state_record(c, NTPS_BIND);
	__u16 port = bpf_htons(c->sock.local_port);

	if (!r)
		return;
	__builtin_memcpy(r->ev.addr, &c->sock.family, 2);
	__builtin_memcpy(r->ev.addr + 2, &port, 2);
	if (c->sock.family == AF_INET) {
		__builtin_memcpy(r->ev.addr + 4, c->sock.local_ip, 4);
		r->ev.addr_len = 16;
	} else {
		__builtin_memcpy(r->ev.addr + 8, c->sock.local_ip, 16);
		r->ev.addr_len = NTPS_ADDR_LEN;
	}
	submit(r);
}

static __always_inline void emit_membership(struct call *c, int level, int optname, const void *optval, __u32 len)
{
	struct record *r = state_record(c, NTPS_SETSOCKOPT);

	if (!r)
		return;
	r->ev.arg0 = level;
	r->ev.arg1 = optname;
	if (len <= NTPS_MAX_EXTRA && bpf_probe_read_kernel(r->buf, len, optval) == 0) {
		r->ev.extra_kind = NTPS_EXTRA_OPTVAL;
		r->ev.extra_len = len;
	}
	submit(r);
}

static __always_inline struct inet_sock *inet_of(struct sock *sk)
{
	return bpf_rdonly_cast(sk, bpf_core_type_id_kernel(struct inet_sock));
}

static __always_inline __u64 group_list(struct sock *sk, __u16 family)
{
	struct inet_sock *inet = inet_of(sk);

	if (family == AF_INET)
		return (__u64)inet->mc_list;
	struct ipv6_pinfo *np = inet->pinet6;
	return np ? (__u64)np->ipv6_mc_list : 0;
}

/* The groups the socket has joined, as the memberships that joined them (at most NTPS_MAX_GROUPS). */
static __always_inline void emit_groups(struct call *c, struct sock *sk)
{
	struct inet_sock *inet = inet_of(sk);

	if (c->sock.family == AF_INET) {
		struct ip_mc_socklist *ml = inet->mc_list;
		for (int i = 0; i < NTPS_MAX_GROUPS && ml; i++) {
			emit_membership(c, IPPROTO_IP, IP_ADD_MEMBERSHIP, &ml->multi, sizeof(struct ip_mreqn));
			ml = ml->next_rcu;
		}
		return;
	}
	struct ipv6_pinfo *np = inet->pinet6;
	struct ipv6_mc_socklist *ml = np ? np->ipv6_mc_list : NULL;
	for (int i = 0; i < NTPS_MAX_GROUPS && ml; i++) {
		struct {
			struct in6_addr addr;
			int ifindex;
		} mreq = {.addr = ml->addr, .ifindex = ml->ifindex};
		emit_membership(c, IPPROTO_IPV6, IPV6_ADD_MEMBERSHIP, &mreq, sizeof(mreq));
		ml = ml->next;
	}
}

/* First sight of an IP socket (its storage is created then), and changes of its group list. */
static __always_inline void note_socket(struct call *c, struct sock *sk, struct sock_state *st)
{
	__u64 groups = group_list(sk, c->sock.family);

	if (!st->seen) {
		st->seen = 1;
		emit_first_sight(c);
	} else if (st->groups == groups) {
		return;
	}
	if (groups)
		emit_groups(c, sk);
	st->groups = groups;
}

static __always_inline int on_sock_length(struct sock *sk, int ret, bool send)
{
	if (!is_target())
		return 0;
	struct pt_regs *regs = (struct pt_regs *)bpf_task_pt_regs(bpf_get_current_task_btf());
	struct call c = {.call = call_of(SYSCALL_NR(regs)), .btf_walk = true, .sock_known = true};
	bool flat_or_msghdr = c.call == NTPS_SENDTO || c.call == NTPS_SENDMSG || c.call == NTPS_RECVFROM ||
			      c.call == NTPS_RECVMSG;
	__u16 family = sk->__sk_common.skc_family;
	struct sock_state *st = NULL;

	if (family == AF_INET || family == AF_INET6)
		st = bpf_sk_storage_get(&sock_states, sk, NULL, BPF_SK_STORAGE_GET_F_CREATE);
	if (st && !send && st->peer_tid == (__u32)bpf_get_current_pid_tgid()) {
		/* Taken once: a receive without msg_name (no hook run) must not inherit it. */
		c.peer_len = st->peer_len;
		__builtin_memcpy(c.peer, st->peer, NTPS_ADDR_LEN);
		st->peer_tid = 0;
	}
	if (c.call > NTPS_SENDMMSG || is_send(c.call) != send || compat_syscall(regs))
		return 0; /* not a datagram call of ours (write, read, io_uring...) */
	syscall_args(regs, c.args);
	c.mono_ns = bpf_ktime_get_ns();
	sock_identity(sk, &c.sock);
	if (st)
		note_socket(&c, sk, st);
	if (flat_or_msghdr)
		emit_call(&c, ret);
	return 0;
}

SEC("tp_btf/sock_send_length")
int BPF_PROG(sock_send, struct sock *sk, int ret, int flags)
{
	return on_sock_length(sk, ret, true);
}

SEC("tp_btf/sock_recv_length")
int BPF_PROG(sock_recv, struct sock *sk, int ret, int flags)
{
	return on_sock_length(sk, ret, false);
}

static __always_inline int mmsg_enter(struct pt_regs *ctx, __u32 call)
{
	if (!is_target())
		return 0;
	struct pending *p = bpf_task_storage_get(&pending, bpf_get_current_task_btf(), NULL,
						 BPF_LOCAL_STORAGE_GET_F_CREATE);
	if (!p)
		return 0;
	p->call = call;
	p->args[0] = PT_REGS_PARM1(ctx);
	p->args[1] = PT_REGS_PARM2(ctx);
	p->args[2] = PT_REGS_PARM3(ctx);
	p->args[3] = PT_REGS_PARM4(ctx);
	p->errno_addr = errno_address(ctx);
	return 0;
}

static __always_inline int mmsg_return(__u32 call, int ret)
{
	if (!is_target())
		return 0;
	struct pending *p = bpf_task_storage_get(&pending, bpf_get_current_task_btf(), NULL, 0);
	struct call c = {.call = call, .btf_walk = true};

	if (!p || p->call != call)
		return 0;
	p->call = NTPS_CALL_COUNT;
	__builtin_memcpy(c.args, p->args, sizeof(p->args));
	c.mono_ns = bpf_ktime_get_ns(); /* sends too: the socket path stamps them after the send */
	exit_mmsg(&c, wrapper_result(ret, p->errno_addr));
	return 0;
}

SEC("uprobe")
int BPF_KPROBE(recvmmsg_enter)
{
	return mmsg_enter(ctx, NTPS_RECVMMSG);
}

SEC("uretprobe")
int BPF_KRETPROBE(recvmmsg_return, int ret)
{
	return mmsg_return(NTPS_RECVMMSG, ret);
}

SEC("uprobe")
int BPF_KPROBE(sendmmsg_enter)
{
	return mmsg_enter(ctx, NTPS_SENDMMSG);
}

SEC("uretprobe")
int BPF_KRETPROBE(sendmmsg_return, int ret)
{
	return mmsg_return(NTPS_SENDMMSG, ret);
}

static __always_inline bool follows_comm(const char *comm)
{
	for (int i = 0; i < NTPS_MAX_COMMS; i++) {
		if (i >= follow_count)
			return false;
		bool same = true;
		for (int j = 0; j < NTPS_COMM_LEN; j++) {
			if (comm[j] != follow_comms[i][j]) {
				same = false;
				break;
			}
			if (!comm[j])
				break;
		}
		if (same)
			return true;
	}
	return false;
}

static __always_inline void emit_process(__u32 call)
{
	struct record *r = new_record(call, -1, 0, bpf_ktime_get_ns());

	if (r)
		submit(r);
}

/* --comm: a new process with a followed name becomes a target at exec, within the same call. */
SEC("tracepoint/sched/sched_process_exec")
int on_exec(struct trace_event_raw_sched_process_exec *ctx)
{
	char comm[NTPS_COMM_LEN];
	__u32 tgid = bpf_get_current_pid_tgid() >> 32;

	bpf_get_current_comm(comm, sizeof(comm));
	if (!is_target() && !follows_comm(comm))
		return 0;
	set_target(tgid, true);
	emit_process(NTPS_EXEC);
	return 0;
}

/* Children of a target are targets (daemonising ntpd forks before it does any NTP). */
SEC("tracepoint/sched/sched_process_fork")
int on_fork(struct trace_event_raw_sched_process_fork *ctx)
{
	__u32 child = BPF_CORE_READ(ctx, child_pid);

	if (is_target())
		set_target(child, true);
	return 0;
}

SEC("tracepoint/sched/sched_process_exit")
int on_exit(void *ctx)
{
	__u64 id = bpf_get_current_pid_tgid();
	__u32 tgid = id >> 32;
	__u32 tid = (__u32)id;

	if (!is_target())
		return 0;
	if (tid != tgid) {
		/* A thread created while targeted was added by pid at fork: forget it. */
		set_target(tid, false);
		return 0;
	}
	emit_process(NTPS_EXIT);
	set_target(tgid, false);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
