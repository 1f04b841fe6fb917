/* Attaches the empty programs of bench/rawtp_floor.bpf.c, prints "attached" and waits for SIGINT
 * or SIGTERM: the floor rows of bench/run.sh.
 *
 *   rawtp_floor [--syscall-tp]
 *
 * Default: empty programs on the raw sys_enter/sys_exit tracepoints. --syscall-tp: empty
 * programs on the sendto and recvmsg syscall tracepoints instead.
 */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "rawtp_floor_bpf.skel.h"

static void on_signal(int sig)
{
	(void)sig;
}

int main(int argc, char **argv)
{
	int syscall_tp = argc > 1 && strcmp(argv[1], "--syscall-tp") == 0;
	if (argc > 2 || (argc == 2 && !syscall_tp)) {
		fprintf(stderr, "usage: rawtp_floor [--syscall-tp]\n");
		return 2;
	}
	struct rawtp_floor_bpf *skel = rawtp_floor_bpf__open();
	if (!skel) {
		fprintf(stderr, "rawtp_floor: cannot open the BPF object\n");
		return 1;
	}
	struct bpf_program *raw[] = {skel->progs.raw_enter, skel->progs.raw_exit};
	struct bpf_program *tp[] = {skel->progs.tp_enter_sendto, skel->progs.tp_exit_sendto,
				    skel->progs.tp_enter_recvmsg, skel->progs.tp_exit_recvmsg};
	for (size_t i = 0; i < sizeof raw / sizeof raw[0]; i++)
		bpf_program__set_autoload(raw[i], !syscall_tp);
	for (size_t i = 0; i < sizeof tp / sizeof tp[0]; i++)
		bpf_program__set_autoload(tp[i], syscall_tp);
	if (rawtp_floor_bpf__load(skel) || rawtp_floor_bpf__attach(skel)) {
		fprintf(stderr, "rawtp_floor: cannot load or attach the BPF programs\n");
		rawtp_floor_bpf__destroy(skel);
		return 1;
	}
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	printf("attached\n");
	fflush(stdout);
	pause();
	rawtp_floor_bpf__destroy(skel);
	return 0;
}
