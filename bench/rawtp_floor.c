/* Loads bench/rawtp_floor.bpf.c (raw syscall tracepoints, target check only), prints "attached"
 * and waits for SIGINT or SIGTERM: bench/run.sh's "untargeted, raw_tp prototype" row. */
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

#include "rawtp_floor_bpf.skel.h"

static void on_signal(int sig)
{
	(void)sig;
}

int main(void)
{
	struct rawtp_floor_bpf *skel = rawtp_floor_bpf__open_and_load();
	if (!skel || rawtp_floor_bpf__attach(skel)) {
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
