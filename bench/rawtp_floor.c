/* Attaches the floor programs of bench/rawtp_floor.bpf.c, prints "attached" and runs until SIGINT
 * or SIGTERM: the floor rows of bench/run.sh.
 *
 *   rawtp_floor [--syscall-tp | --sock-tp | --sock-submit PID]
 *
 * Default: empty programs on the raw sys_enter/sys_exit tracepoints. --syscall-tp: empty
 * programs on the sendto and recvmsg syscall tracepoints. --sock-tp: empty programs on the
 * socket tracepoints. --sock-submit PID: on the socket tracepoints, a record of ntpscope's size
 * per datagram of PID into a ring buffer, drained as ntpscope drains it.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "rawtp_floor_bpf.skel.h"

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static int count_record(void *ctx, void *data, size_t size)
{
	(void)ctx;
	(void)data;
	(void)size;
	return 0;
}

enum floor { RAW_TP, SYSCALL_TP, SOCK_TP, SOCK_SUBMIT };

int main(int argc, char **argv)
{
	enum floor floor = RAW_TP;
	long pid = 0;
	if (argc == 2 && strcmp(argv[1], "--syscall-tp") == 0)
		floor = SYSCALL_TP;
	else if (argc == 2 && strcmp(argv[1], "--sock-tp") == 0)
		floor = SOCK_TP;
	else if (argc == 3 && strcmp(argv[1], "--sock-submit") == 0 && (pid = atol(argv[2])) > 0)
		floor = SOCK_SUBMIT;
	else if (argc != 1) {
		fprintf(stderr, "usage: rawtp_floor [--syscall-tp | --sock-tp | --sock-submit PID]\n");
		return 2;
	}
	struct rawtp_floor_bpf *skel = rawtp_floor_bpf__open();
	if (!skel) {
		fprintf(stderr, "rawtp_floor: cannot open the BPF object\n");
		return 1;
	}
	skel->rodata->submit_pid = (__u32)pid;
	struct {
		struct bpf_program *prog;
		enum floor floor;
	} programs[] = {
		{skel->progs.raw_enter, RAW_TP},		{skel->progs.raw_exit, RAW_TP},
		{skel->progs.tp_enter_sendto, SYSCALL_TP},	{skel->progs.tp_exit_sendto, SYSCALL_TP},
		{skel->progs.tp_enter_recvmsg, SYSCALL_TP},	{skel->progs.tp_exit_recvmsg, SYSCALL_TP},
		{skel->progs.sock_send_empty, SOCK_TP},		{skel->progs.sock_recv_empty, SOCK_TP},
		{skel->progs.sock_send_submit, SOCK_SUBMIT},	{skel->progs.sock_recv_submit, SOCK_SUBMIT},
	};
	for (size_t i = 0; i < sizeof programs / sizeof programs[0]; i++)
		bpf_program__set_autoload(programs[i].prog, programs[i].floor == floor);
	if (rawtp_floor_bpf__load(skel) || rawtp_floor_bpf__attach(skel)) {
		fprintf(stderr, "rawtp_floor: cannot load or attach the BPF programs\n");
		rawtp_floor_bpf__destroy(skel);
		return 1;
	}
	struct ring_buffer *rb = ring_buffer__new(bpf_map__fd(skel->maps.events), count_record, NULL, NULL);
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	printf("attached\n");
	fflush(stdout);
	/* ntpscope's recorder drains its ring on a 100 ms timer: so does this floor. */
	while (!stop)
		ring_buffer__poll(rb, 100);
	ring_buffer__free(rb);
	rawtp_floor_bpf__destroy(skel);
	return 0;
}
