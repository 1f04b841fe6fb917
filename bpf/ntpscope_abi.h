/* The one contract between the BPF programs and user space: fixed-width types only, so both
 * compilers lay the structs out identically. A ring-buffer record is a struct ntps_event
 * followed by `caplen` payload bytes and then `extra_len` bytes of a raw struct (see
 * ntps_extra_kind). User space decodes raw structs in core/kabi, where they are unit-tested.
 */
#ifndef NTPSCOPE_ABI_H
#define NTPSCOPE_ABI_H

#ifndef __VMLINUX_H__
#include <linux/types.h>
#endif

#define NTPS_MAX_SNAPLEN 1024     /* mode-6 replies (≤ 500 B) and NTS requests fit */
#define NTPS_DEFAULT_SNAPLEN 1024
#define NTPS_MAX_EXTRA 256        /* msg_control, struct timex (208 B), optval, timespec */
#define NTPS_MAX_MMSG 8           /* messages of one recvmmsg/sendmmsg recorded in full */
#define NTPS_MAX_COMMS 4          /* --comm names followed in the kernel */
#define NTPS_COMM_LEN 16
#define NTPS_ADDR_LEN 28          /* sizeof(struct sockaddr_in6) */
#define NTPS_PID_LIMIT (1u << 22) /* PID_MAX_LIMIT on 64-bit: every pid is below it */
#define NTPS_SYSCALL_NR_MAX 512   /* syscall numbers below this are looked up in a table */

/* Same order as ntpscope::Syscall in src/core/model/syscall.hpp. */
enum ntps_call {
	NTPS_RECVMSG,
	NTPS_RECVFROM,
	NTPS_RECVMMSG,
	NTPS_SENDTO,
	NTPS_SENDMSG,
	NTPS_SENDMMSG,
	NTPS_ADJTIMEX,
	NTPS_CLOCK_ADJTIME,
	NTPS_CLOCK_SETTIME,
	NTPS_SETTIMEOFDAY,
	NTPS_SOCKET,
	NTPS_BIND,
	NTPS_CONNECT,
	NTPS_SETSOCKOPT,
	NTPS_CLOSE,
	NTPS_EXEC,
	NTPS_EXIT,
	NTPS_CALL_COUNT,
};

enum ntps_extra_kind {
	NTPS_EXTRA_NONE,
	NTPS_EXTRA_CONTROL,  /* msg_control bytes as returned (cmsghdr chain) */
	NTPS_EXTRA_TIMEX,    /* struct timex after the call */
	NTPS_EXTRA_TIMESPEC, /* clock_settime's struct timespec */
	NTPS_EXTRA_TIMEVAL,  /* settimeofday's struct timeval */
	NTPS_EXTRA_OPTVAL,   /* setsockopt's optval */
};

/* Where a record was seen. Clock calls of processes other than the targets come from uprobes
 * on the C library's wrappers: "who touches the clock", host-wide, at no cost to other calls. */
enum ntps_origin {
	NTPS_ORIGIN_SYSCALL,    /* a target's call (syscall or socket tracepoint, or its libc wrapper) */
	NTPS_ORIGIN_LIBC,       /* another process's C library function; ret is still -errno or >= 0 */
	NTPS_ORIGIN_SOCK_STATE, /* no call: a socket's state when first seen (bind) or its groups changed */
};

/* What an fd referred to; addresses in network byte order as the kernel keeps them. */
struct ntps_sock {
	__u64 ino;          /* socket inode: stable id for the socket's lifetime */
	__u16 family;       /* 0: fd was not a socket (or could not be resolved) */
	__u16 type;
	__u16 local_port;   /* host order */
	__u16 remote_port;  /* host order; 0 when not connected */
	__u8 local_ip[16];  /* IPv4 in the first 4 bytes */
	__u8 remote_ip[16];
};

struct ntps_event {
	__u64 mono_ns;      /* bpf_ktime_get_ns(): sends on entry (syscall path) or right after the
			     * send (socket path); everything else when the call's result is known */
	__u32 pid;          /* tgid */
	__u32 tid;
	__s64 ret;
	__s32 fd;
	__u16 call;         /* enum ntps_call */
	__u16 extra_kind;   /* enum ntps_extra_kind */
	__u32 len;          /* real datagram length */
	__u32 caplen;       /* payload bytes that follow this struct */
	__u32 extra_len;    /* extra bytes that follow the payload */
	__u32 addr_len;     /* bytes of addr used; 0 when absent */
	__u16 msg_index;    /* message index within recvmmsg/sendmmsg */
	__u16 origin;       /* enum ntps_origin */
	__u32 omitted;      /* on msg_index 0: messages past NTPS_MAX_MMSG not recorded */
	__s32 arg0;         /* clock id; setsockopt level */
	__s32 arg1;         /* setsockopt optname */
	char comm[NTPS_COMM_LEN];
	struct ntps_sock sock;
	__u8 addr[NTPS_ADDR_LEN]; /* raw msg_name / dest_addr / bind / connect sockaddr */
	__u32 flags;        /* MSG_* flags argument of datagram calls */
};

#endif /* NTPSCOPE_ABI_H */
