// SPDX-License-Identifier: GPL-2.0
/* A prototype for docs/performance.md, not part of the recorder: what an untargeted process
 * would pay if the recorder attached to the raw syscall tracepoints instead of the per-syscall
 * ones. Each hit does what ntpscope's handlers do for an untargeted process: one lookup of the
 * caller in a hash map of targets (here: filtered to ntpscope's calls first).
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 4096);
	__type(key, __u32);
	__type(value, __u8);
} targets SEC(".maps");

/* x86_64 numbers of the calls ntpscope records. */
static __always_inline bool recorded_call(long id)
{
	switch (id) {
	case 3: case 41: case 42: case 44: case 45: case 46: case 47: case 49: case 54:
	case 159: case 164: case 227: case 299: case 305: case 307:
		return true;
	default:
		return false;
	}
}

static __always_inline int check_target(void)
{
	__u32 tgid = bpf_get_current_pid_tgid() >> 32;

	return bpf_map_lookup_elem(&targets, &tgid) != NULL;
}

SEC("raw_tp/sys_enter")
int on_enter(struct bpf_raw_tracepoint_args *ctx)
{
	if (recorded_call(ctx->args[1]))
		check_target();
	return 0;
}

/* sys_exit has no syscall number argument: the real design would find it in the task's saved
 * registers; the prototype pays the lookup on every exit, the worse case. */
SEC("raw_tp/sys_exit")
int on_exit(struct bpf_raw_tracepoint_args *ctx)
{
	check_target();
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
