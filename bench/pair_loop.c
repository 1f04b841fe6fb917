/* The traced workload of bench/run.sh: what an NTP daemon does per exchange, as fast as it can
 * or at a set event rate. Each pair is one sendto of an NTP client packet (48 or 68 bytes,
 * alternately: plain and with an MD5 MAC, as in the seed's traces) from one loopback socket to
 * another, and one recvmsg of it with msg_name, a 1092-byte iovec and a control buffer that
 * holds the SO_TIMESTAMPNS stamp, as ntpd reads. A pair is two syscalls, so two trace events.
 *
 *   pair_loop [--pairs N | --seconds S] [--rate EVENTS_PER_S] [--port P] [--wait]
 *
 * --wait prints "ready PID" and blocks until a line arrives on stdin, so a tracer can attach
 * before the measured loop starts. --port binds the receiving socket to P (123 makes the traffic
 * NTP to an importer; run it in a network namespace of its own). At the end it prints one line of key=value figures. CPU time
 * (user + system) is the process's own: in-kernel tracing work done in its syscalls (BPF
 * programs, ring-buffer reservation) is in it, time spent waiting for a CPU is not, which is
 * why it is steadier than wall time on a loaded machine.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define NTP_PLAIN 48
#define NTP_WITH_MAC 68
#define RECV_BUF 1092 /* ntpd 4.2's receive buffer */

struct options {
	long pairs;      /* 0: run for `seconds` */
	double seconds;
	double rate;     /* events/s; 0: as fast as possible */
	int port;        /* receiving socket's port; 0: any */
	int wait;
};

static void die(const char *what)
{
	fprintf(stderr, "pair_loop: %s: %s\n", what, strerror(errno));
	exit(1);
}

static void usage(void)
{
	fprintf(stderr, "usage: pair_loop [--pairs N | --seconds S] [--rate EVENTS_PER_S] [--port P] [--wait]\n");
	exit(2);
}

static int64_t now_ns(clockid_t clock)
{
	struct timespec ts;
	clock_gettime(clock, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static struct options parse(int argc, char **argv)
{
	struct options o = {.pairs = 0, .seconds = 0, .rate = 0, .port = 0, .wait = 0};
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		const char *v = i + 1 < argc ? argv[i + 1] : NULL;
		if (!strcmp(a, "--wait")) {
			o.wait = 1;
			continue;
		}
		if (!v)
			usage();
		if (!strcmp(a, "--pairs"))
			o.pairs = atol(v);
		else if (!strcmp(a, "--seconds"))
			o.seconds = atof(v);
		else if (!strcmp(a, "--rate"))
			o.rate = atof(v);
		else if (!strcmp(a, "--port"))
			o.port = atoi(v);
		else
			usage();
		i++;
	}
	if ((o.pairs <= 0) == (o.seconds <= 0))
		usage();
	return o;
}

static int loopback_socket(struct sockaddr_in *bound, int port)
{
	socklen_t len = sizeof(*bound);
	int one = 1;
	int fd = socket(AF_INET, SOCK_DGRAM, 0);
	if (fd < 0)
		die("socket");
	memset(bound, 0, sizeof(*bound));
	bound->sin_family = AF_INET;
	bound->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	bound->sin_port = htons((unsigned short)port);
	if (bind(fd, (struct sockaddr *)bound, sizeof(*bound)) || getsockname(fd, (struct sockaddr *)bound, &len))
		die("bind");
	if (setsockopt(fd, SOL_SOCKET, SO_TIMESTAMPNS, &one, sizeof(one)))
		die("SO_TIMESTAMPNS");
	return fd;
}

/* A mode-3 client request; the 68-byte form carries key id 1 and a 16-byte digest. */
static void client_packet(unsigned char *p, size_t len)
{
	memset(p, 0, len);
	p[0] = (0 << 6) | (4 << 3) | 3;
	p[2] = 6;    /* poll 64 s */
	p[3] = 0xe9; /* precision -23 */
	for (int i = 40; i < 48; i++)
		p[i] = (unsigned char)(0x11 * i);
	if (len == NTP_WITH_MAC) {
		p[51] = 1;
		for (int i = 52; i < NTP_WITH_MAC; i++)
			p[i] = (unsigned char)(0xa5 ^ i);
	}
}

int main(int argc, char **argv)
{
	struct options o = parse(argc, argv);
	struct sockaddr_in tx_addr, rx_addr, from;
	int tx = loopback_socket(&tx_addr, 0);
	int rx = loopback_socket(&rx_addr, o.port);
	unsigned char packets[2][NTP_WITH_MAC];
	unsigned char in[RECV_BUF], control[64];
	client_packet(packets[0], NTP_PLAIN);
	client_packet(packets[1], NTP_WITH_MAC);

	if (o.wait) {
		char line[16];
		printf("ready %d\n", (int)getpid());
		fflush(stdout);
		if (!fgets(line, sizeof(line), stdin))
			die("waiting for a line on stdin");
	}

	const double pairs_per_ns = o.rate / 2 / 1e9;
	const int64_t deadline = o.seconds > 0 ? (int64_t)(o.seconds * 1e9) : INT64_MAX;
	const int64_t cpu0 = now_ns(CLOCK_PROCESS_CPUTIME_ID);
	const int64_t t0 = now_ns(CLOCK_MONOTONIC);
	int64_t elapsed = 0;
	long done = 0;
	long failures = 0;
	for (;;) {
		if (o.pairs ? done >= o.pairs : elapsed >= deadline)
			break;
		const size_t len = done % 2 ? NTP_WITH_MAC : NTP_PLAIN;
		if (sendto(tx, packets[len == NTP_WITH_MAC], len, 0, (struct sockaddr *)&rx_addr, sizeof(rx_addr)) !=
		    (ssize_t)len)
			failures++;
		struct iovec iov = {in, sizeof(in)};
		struct msghdr msg = {&from, sizeof(from), &iov, 1, control, sizeof(control), 0};
		if (recvmsg(rx, &msg, 0) != (ssize_t)len)
			failures++;
		done++;
		/* The clock is read through the vDSO: no syscall, nothing for a tracer to see. */
		if (o.seconds > 0 || pairs_per_ns > 0)
			elapsed = now_ns(CLOCK_MONOTONIC) - t0;
		if (pairs_per_ns > 0) {
			const int64_t ahead = (int64_t)(done / pairs_per_ns) - elapsed;
			if (ahead > 50000) {
				struct timespec pause = {0, ahead};
				nanosleep(&pause, NULL);
			}
		}
	}
	const int64_t wall = now_ns(CLOCK_MONOTONIC) - t0;
	const int64_t cpu = now_ns(CLOCK_PROCESS_CPUTIME_ID) - cpu0;
	printf("pairs=%ld events=%ld failures=%ld wall_ns=%lld cpu_ns=%lld wall_ns_per_pair=%.1f "
	       "cpu_ns_per_pair=%.1f events_per_s=%.0f\n",
	       done, 2 * done, failures, (long long)wall, (long long)cpu, (double)wall / (double)done,
	       (double)cpu / (double)done, 2e9 * (double)done / (double)wall);
	return failures ? 1 : 0;
}
