// SPDX-License-Identifier: GPL-2.0
/* Records an NTP daemon's datagram, clock and socket-lifecycle syscalls.
 *
 * Every handler first checks the caller's tgid against `targets`, so untraced processes pay one
 * hash lookup. Enter handlers stash the arguments by thread id; the exit handler reads results,
 * payloads and the fd's socket identity, and emits one ring-buffer record per call (per message
 * for recvmmsg/sendmmsg). A record that does not fit in the ring buffer is counted in `lost`.
 */
#include "vmlinux.h"
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_endian.h>
#include <bpf/bpf_helpers.h>

#include "ntpscope_abi.h"

#define AF_INET 2
#define AF_INET6 10
#define S_IFMT 00170000
#define S_IFSOCK 0140000

const volatile __u32 snaplen = NTPS_DEFAULT_SNAPLEN;
const volatile __u32 follow_count = 0;
const volatile char follow_comms[NTPS_MAX_COMMS][NTPS_COMM_LEN] = {};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 4096);
	__type(key, __u32);  /* tgid (or a child pid recorded at fork) */
	__type(value, __u8);
} targets SEC(".maps");

/* One slot per traced thread that made a recorded call; deleted when the thread exits. */
struct pending {
	__u64 args[6];
	__u32 call;         /* NTPS_CALL_COUNT between calls */
	__u32 pad;
	__u64 enter_ns;     /* sends are stamped on entry: nearest the daemon's transmit time */
	struct ntps_sock sock; /* close: resolved on entry, the fd is gone on exit */
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 16384);
	__type(key, __u32); /* tid */
	__type(value, struct pending);
} pending SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 8 << 20); /* resized by user space before load */
} events SEC(".maps");

struct record {
	struct ntps_event ev;
	__u8 buf[NTPS_MAX_SNAPLEN + NTPS_MAX_EXTRA];
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

/* struct mmsghdr as user space lays it out: a msghdr then the message length. */
struct user_mmsghdr {
	struct user_msghdr hdr;
	__u32 msg_len;
	__u32 pad;
};

static __always_inline bool is_target(void)
{
	__u32 tgid = bpf_get_current_pid_tgid() >> 32;
	return bpf_map_lookup_elem(&targets, &tgid) != NULL;
}

static __always_inline void resolve_fd(int fd, struct ntps_sock *out)
{
	struct task_struct *task = (struct task_struct *)bpf_get_current_task();
	struct fdtable *fdt = BPF_CORE_READ(task, files, fdt);
	struct file **fds;
	struct file *file = NULL;

	if (fd < 0 || !fdt || (unsigned int)fd >= BPF_CORE_READ(fdt, max_fds))
		return;
	fds = BPF_CORE_READ(fdt, fd);
	if (bpf_probe_read_kernel(&file, sizeof(file), &fds[fd]) || !file)
		return;
	struct inode *inode = BPF_CORE_READ(file, f_inode);
	if ((BPF_CORE_READ(inode, i_mode) & S_IFMT) != S_IFSOCK)
		return;
	struct socket *sock = BPF_CORE_READ(file, private_data);
	struct sock *sk = BPF_CORE_READ(sock, sk);
	if (!sk)
		return;
	out->ino = BPF_CORE_READ(inode, i_ino);
	out->type = BPF_CORE_READ(sock, type);
	out->family = BPF_CORE_READ(sk, __sk_common.skc_family);
	out->local_port = BPF_CORE_READ(sk, __sk_common.skc_num);
	out->remote_port = bpf_ntohs(BPF_CORE_READ(sk, __sk_common.skc_dport));
	if (out->family == AF_INET) {
		__be32 local = BPF_CORE_READ(sk, __sk_common.skc_rcv_saddr);
		__be32 remote = BPF_CORE_READ(sk, __sk_common.skc_daddr);
		__builtin_memcpy(out->local_ip, &local, 4);
		__builtin_memcpy(out->remote_ip, &remote, 4);
	} else if (out->family == AF_INET6) {
		BPF_CORE_READ_INTO(&out->local_ip, sk, __sk_common.skc_v6_rcv_saddr.in6_u.u6_addr8);
		BPF_CORE_READ_INTO(&out->remote_ip, sk, __sk_common.skc_v6_daddr.in6_u.u6_addr8);
	}
}

static __always_inline struct record *new_record(__u32 call, int fd, long ret)
{
	__u32 zero = 0;
	struct record *r = bpf_map_lookup_elem(&scratch, &zero);
	__u64 id = bpf_get_current_pid_tgid();

	if (!r)
		return NULL;
	__builtin_memset(&r->ev, 0, sizeof(r->ev));
	r->ev.mono_ns = bpf_ktime_get_ns();
	r->ev.pid = id >> 32;
	r->ev.tid = (__u32)id;
	r->ev.call = call;
	r->ev.fd = fd;
	r->ev.ret = ret;
	bpf_get_current_comm(r->ev.comm, sizeof(r->ev.comm));
	return r;
}

/* Waking the reader for each record made every traced syscall pay for an inter-processor
 * interrupt and a context switch (about 3 us of the exit handler's 4 us in a VM). The reader
 * drains the ring on a short timer anyway, so it is woken only once an eighth of the ring waits. */
static __always_inline __u64 wakeup_flag(void)
{
	__u64 waiting = bpf_ringbuf_query(&events, BPF_RB_AVAIL_DATA);

	return waiting >= bpf_ringbuf_query(&events, BPF_RB_RING_SIZE) / 8 ? BPF_RB_FORCE_WAKEUP
									     : BPF_RB_NO_WAKEUP;
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
	if (size > sizeof(*r))
		size = sizeof(*r);
	if (bpf_ringbuf_output(&events, r, size, wakeup_flag())) {
		__u32 zero = 0;
		__u64 *count = bpf_map_lookup_elem(&lost, &zero);
		if (count)
			*count += 1;
	}
}

static __always_inline void capture_payload(struct record *r, const void *ubuf, __u64 len)
{
	__u32 n = len < snaplen ? len : snaplen;

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
	__u32 n = len < NTPS_MAX_EXTRA ? len : NTPS_MAX_EXTRA;

	if (!ubuf || !n || off > NTPS_MAX_SNAPLEN)
		return;
	if (bpf_probe_read_user(r->buf + off, n, ubuf) == 0) {
		r->ev.extra_kind = kind;
		r->ev.extra_len = n;
	}
}

static __always_inline void capture_addr(struct record *r, const void *uaddr, __u64 len)
{
	__u32 n = len < NTPS_ADDR_LEN ? len : NTPS_ADDR_LEN;

	if (!uaddr || !n)
		return;
	if (bpf_probe_read_user(r->ev.addr, n, uaddr) == 0)
		r->ev.addr_len = n;
}

static __always_inline int enter(struct trace_event_raw_sys_enter *ctx, __u32 call, int nargs)
{
	__u32 tid = (__u32)bpf_get_current_pid_tgid();
	struct pending *p;

	if (!is_target())
		return 0;
	/* A thread keeps its slot between calls and it is rewritten in place: inserting it on every
	 * entry and deleting it on every exit were the costliest map operations of a traced call. */
	p = bpf_map_lookup_elem(&pending, &tid);
	if (!p) {
		struct pending fresh = {.call = NTPS_CALL_COUNT};

		bpf_map_update_elem(&pending, &tid, &fresh, BPF_NOEXIST);
		p = bpf_map_lookup_elem(&pending, &tid);
		if (!p)
			return 0;
	}
	/* Plain context loads instead of a probe read per argument (those cost more than the rest
	 * of this handler). Each is at a constant offset (the verifier rejects loads through a moved
	 * context pointer) and within the call's own arguments (attaching fails otherwise). */
	p->args[0] = ctx->args[0];
	p->args[1] = nargs > 1 ? ctx->args[1] : 0;
	p->args[2] = nargs > 2 ? ctx->args[2] : 0;
	p->args[3] = nargs > 3 ? ctx->args[3] : 0;
	p->args[4] = nargs > 4 ? ctx->args[4] : 0;
	p->args[5] = nargs > 5 ? ctx->args[5] : 0;
	if (call == NTPS_CLOSE) {
		__builtin_memset(&p->sock, 0, sizeof(p->sock));
		resolve_fd((int)p->args[0], &p->sock);
	}
	p->call = call;
	p->enter_ns = bpf_ktime_get_ns();
	return 0;
}

static __always_inline void stamp_send_on_entry(struct record *r, struct pending *p)
{
	if (p->call == NTPS_SENDTO || p->call == NTPS_SENDMSG || p->call == NTPS_SENDMMSG)
		r->ev.mono_ns = p->enter_ns;
}

/* One message of sendmsg/recvmsg (or one slot of the mmsg calls): name, payload, control. */
static __always_inline void emit_msghdr(struct pending *p, long ret, struct user_msghdr *umsg,
					 __u32 msg_len, __u16 index, __u32 omitted)
{
	struct user_msghdr msg;
	struct iovec iov;
	struct record *r = new_record(p->call, (int)p->args[0], ret);

	if (!r)
		return;
	resolve_fd((int)p->args[0], &r->ev.sock);
	r->ev.msg_index = index;
	stamp_send_on_entry(r, p);
	r->ev.flags = p->call == NTPS_RECVMMSG || p->call == NTPS_SENDMMSG ? p->args[3] : p->args[2];
	r->ev.omitted = omitted;
	if (ret >= 0 && bpf_probe_read_user(&msg, sizeof(msg), umsg) == 0) {
		r->ev.len = msg_len;
		capture_addr(r, msg.msg_name, msg.msg_namelen);
		if (msg.msg_iovlen > 0 && bpf_probe_read_user(&iov, sizeof(iov), msg.msg_iov) == 0)
			capture_payload(r, iov.iov_base, msg_len < iov.iov_len ? msg_len : iov.iov_len);
		bool receiving = p->call == NTPS_RECVMSG || p->call == NTPS_RECVMMSG;
		if (receiving && msg.msg_control && msg.msg_controllen)
			capture_extra(r, NTPS_EXTRA_CONTROL, msg.msg_control, msg.msg_controllen);
	}
	submit(r);
}

static __always_inline void exit_mmsg(struct pending *p, long ret)
{
	struct user_mmsghdr *vec = (struct user_mmsghdr *)p->args[1];
	__u32 count = ret > 0 ? ret : 0;
	__u32 omitted = count > NTPS_MAX_MMSG ? count - NTPS_MAX_MMSG : 0;

	if (ret <= 0) {
		emit_msghdr(p, ret, NULL, 0, 0, 0);
		return;
	}
	for (__u32 i = 0; i < NTPS_MAX_MMSG; i++) {
		__u32 msg_len = 0;
		if (i >= count)
			break;
		bpf_probe_read_user(&msg_len, sizeof(msg_len), &vec[i].msg_len);
		emit_msghdr(p, ret, &vec[i].hdr, msg_len, i, i == 0 ? omitted : 0);
	}
}

/* sendto(fd, buf, len, flags, dest_addr, addrlen); recvfrom(fd, buf, size, flags, src, *addrlen) */
static __always_inline void exit_flat(struct pending *p, long ret)
{
	struct record *r = new_record(p->call, (int)p->args[0], ret);

	if (!r)
		return;
	resolve_fd((int)p->args[0], &r->ev.sock);
	r->ev.flags = p->args[3];
	stamp_send_on_entry(r, p);
	if (p->call == NTPS_SENDTO) {
		r->ev.len = ret >= 0 ? ret : p->args[2];
		capture_payload(r, (void *)p->args[1], r->ev.len);
		capture_addr(r, (void *)p->args[4], p->args[5]);
	} else if (ret >= 0) {
		__u32 addrlen = 0;
		r->ev.len = ret;
		capture_payload(r, (void *)p->args[1], ret);
		if (p->args[5])
			bpf_probe_read_user(&addrlen, sizeof(addrlen), (void *)p->args[5]);
		capture_addr(r, (void *)p->args[4], addrlen);
	}
	submit(r);
}

static __always_inline void exit_clock(struct pending *p, long ret)
{
	struct record *r;
	__u32 call = p->call;
	int clock_id = call == NTPS_CLOCK_ADJTIME || call == NTPS_CLOCK_SETTIME ? (int)p->args[0] : -1;
	void *arg = (void *)(call == NTPS_CLOCK_ADJTIME || call == NTPS_CLOCK_SETTIME ? p->args[1]
										       : p->args[0]);

	r = new_record(call, -1, ret);
	if (!r)
		return;
	r->ev.arg0 = clock_id;
	if (call == NTPS_ADJTIMEX || call == NTPS_CLOCK_ADJTIME)
		capture_extra(r, NTPS_EXTRA_TIMEX, arg, sizeof(struct __kernel_timex));
	else if (call == NTPS_CLOCK_SETTIME)
		capture_extra(r, NTPS_EXTRA_TIMESPEC, arg, sizeof(struct __kernel_timespec));
	else
		capture_extra(r, NTPS_EXTRA_TIMEVAL, arg, sizeof(struct __kernel_old_timeval));
	submit(r);
}

/* socket, bind, connect, setsockopt, close: only calls on sockets are worth a record. */
static __always_inline void exit_lifecycle(struct pending *p, long ret)
{
	__u32 call = p->call;
	int fd = call == NTPS_SOCKET ? (int)ret : (int)p->args[0];
	struct record *r = new_record(call, call == NTPS_SOCKET ? -1 : fd, ret);

	if (!r)
		return;
	if (call == NTPS_CLOSE)
		r->ev.sock = p->sock;
	else
		resolve_fd(fd, &r->ev.sock);
	if (call == NTPS_SOCKET) {
		r->ev.fd = fd;
		if (ret < 0) {
			r->ev.sock.family = p->args[0];
			r->ev.sock.type = p->args[1];
		}
	} else if (r->ev.sock.family == 0) {
		return; /* not a socket: ntpd closes plenty of files */
	}
	if (call == NTPS_BIND || call == NTPS_CONNECT)
		capture_addr(r, (void *)p->args[1], p->args[2]);
	if (call == NTPS_SETSOCKOPT) {
		r->ev.arg0 = p->args[1];
		r->ev.arg1 = p->args[2];
		capture_extra(r, NTPS_EXTRA_OPTVAL, (void *)p->args[3], p->args[4]);
	}
	submit(r);
}

static __always_inline int leave(struct trace_event_raw_sys_exit *ctx)
{
	__u32 tid = (__u32)bpf_get_current_pid_tgid();
	struct pending *p = bpf_map_lookup_elem(&pending, &tid);
	long ret = ctx->ret;

	if (!p || p->call >= NTPS_CALL_COUNT)
		return 0;
	switch (p->call) {
	case NTPS_RECVMSG:
	case NTPS_SENDMSG:
		emit_msghdr(p, ret, (struct user_msghdr *)p->args[1], ret > 0 ? ret : 0, 0, 0);
		break;
	case NTPS_RECVMMSG:
	case NTPS_SENDMMSG:
		exit_mmsg(p, ret);
		break;
	case NTPS_RECVFROM:
	case NTPS_SENDTO:
		exit_flat(p, ret);
		break;
	case NTPS_ADJTIMEX:
	case NTPS_CLOCK_ADJTIME:
	case NTPS_CLOCK_SETTIME:
	case NTPS_SETTIMEOFDAY:
		exit_clock(p, ret);
		break;
	default:
		exit_lifecycle(p, ret);
		break;
	}
	p->call = NTPS_CALL_COUNT; /* no call in progress */
	return 0;
}

/* NARGS: the call's argument count, as the tracepoint's record holds them. */
#define TRACE_CALL(name, CALL, NARGS)                                           \
	SEC("tracepoint/syscalls/sys_enter_" #name)                             \
	int enter_##name(struct trace_event_raw_sys_enter *ctx)                 \
	{                                                                       \
		return enter(ctx, CALL, NARGS);                                 \
	}                                                                       \
	SEC("tracepoint/syscalls/sys_exit_" #name)                              \
	int exit_##name(struct trace_event_raw_sys_exit *ctx)                   \
	{                                                                       \
		return leave(ctx);                                              \
	}

TRACE_CALL(recvmsg, NTPS_RECVMSG, 3)
TRACE_CALL(recvfrom, NTPS_RECVFROM, 6)
TRACE_CALL(recvmmsg, NTPS_RECVMMSG, 5)
TRACE_CALL(sendto, NTPS_SENDTO, 6)
TRACE_CALL(sendmsg, NTPS_SENDMSG, 3)
TRACE_CALL(sendmmsg, NTPS_SENDMMSG, 4)
TRACE_CALL(adjtimex, NTPS_ADJTIMEX, 1)
TRACE_CALL(clock_adjtime, NTPS_CLOCK_ADJTIME, 2)
TRACE_CALL(clock_settime, NTPS_CLOCK_SETTIME, 2)
TRACE_CALL(settimeofday, NTPS_SETTIMEOFDAY, 2)
TRACE_CALL(socket, NTPS_SOCKET, 3)
TRACE_CALL(bind, NTPS_BIND, 3)
TRACE_CALL(connect, NTPS_CONNECT, 3)
TRACE_CALL(setsockopt, NTPS_SETSOCKOPT, 5)
TRACE_CALL(close, NTPS_CLOSE, 1)

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
	struct record *r = new_record(call, -1, 0);

	if (r)
		submit(r);
}

/* --comm: a new process with a followed name becomes a target at exec, within the same call. */
SEC("tracepoint/sched/sched_process_exec")
int on_exec(struct trace_event_raw_sched_process_exec *ctx)
{
	char comm[NTPS_COMM_LEN];
	__u32 tgid = bpf_get_current_pid_tgid() >> 32;
	__u8 one = 1;

	bpf_get_current_comm(comm, sizeof(comm));
	if (!is_target() && !follows_comm(comm))
		return 0;
	bpf_map_update_elem(&targets, &tgid, &one, BPF_ANY);
	emit_process(NTPS_EXEC);
	return 0;
}

/* Children of a target are targets (daemonising ntpd forks before it does any NTP). */
SEC("tracepoint/sched/sched_process_fork")
int on_fork(struct trace_event_raw_sched_process_fork *ctx)
{
	__u32 child = BPF_CORE_READ(ctx, child_pid);
	__u8 one = 1;

	if (is_target())
		bpf_map_update_elem(&targets, &child, &one, BPF_ANY);
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
	bpf_map_delete_elem(&pending, &tid);
	if (tid != tgid) {
		/* A thread created while targeted was added by pid at fork: forget it. */
		bpf_map_delete_elem(&targets, &tid);
		return 0;
	}
	emit_process(NTPS_EXIT);
	bpf_map_delete_elem(&targets, &tgid);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
