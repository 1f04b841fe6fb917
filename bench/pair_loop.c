/* The traced workload of bench/run.sh: what an NTP daemon does per exchange, as fast as it can
 * or at a set event rate. Each pair is one sendto of an NTP client packet (48 or 68 bytes,
 * alternately: plain and with an MD5 MAC, as in the seed's traces) from one loopback socket to
 * another, and one recvmsg of it with msg_name, a 1092-byte iovec and a control buffer that
 * holds the SO_TIMESTAMPNS stamp, as ntpd reads. A pair is two syscalls, so two trace events.
 *
 * --batch N (1-8) sends N packets with one sendmmsg and reads them with one recvmmsg, as
 * chronyd and NTPsec servers do: still two trace events per pair (ntpscope records each message
 * of an mmsg call, up to NTPS_MAX_MMSG = 8 of them), but 2/N syscalls per pair, so far more
 * events per second of CPU. --pairs and --rate keep counting pairs and events.
 *
 * --empty-reads makes each "pair" one non-blocking recvmsg of the empty receiving socket, which
 * fails with EAGAIN: the read that ends every drain of ntpd and chronyd. One trace event that
 * costs the kernel little, so a capacity run finds ntpscope's own limit (BPF, ring, recorder)
 * rather than the UDP loopback path's.
 *
 * --getppid makes each "pair" one getppid call: the cheapest syscall, no socket. It is what every
 * other process on a host pays for a recorder that takes every syscall through the slow path.
 *
 *   pair_loop [--pairs N | --seconds S] [--rate EVENTS_PER_S] [--batch N | --empty-reads | --getppid] [--port P] [--wait]
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
#define MAX_BATCH 8   /* NTPS_MAX_MMSG: ntpscope leaves later messages of a call out */

struct options {
	long pairs;      /* 0: run for `seconds` */
	double seconds;
	double rate;     /* events/s; 0: as fast as possible */
	int batch;       /* 0: sendto + recvmsg; N: sendmmsg + recvmmsg of N messages */
	int empty_reads; /* each pair is one recvmsg that finds nothing (EAGAIN) */
	int getppid;     /* each pair is one getppid call */
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
	fprintf(stderr, "usage: pair_loop [--pairs N | --seconds S] [--rate EVENTS_PER_S] [--batch 1-%d | --empty-reads | --getppid] "
		"[--port P] [--wait]\n",
		MAX_BATCH);
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
	struct options o = {.pairs = 0, .seconds = 0, .rate = 0, .batch = 0, .empty_reads = 0, .getppid = 0, .port = 0, .wait = 0};
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		const char *v = i + 1 < argc ? argv[i + 1] : NULL;
		if (!strcmp(a, "--wait")) {
			o.wait = 1;
			continue;
		}
		if (!strcmp(a, "--empty-reads")) {
			o.empty_reads = 1;
			continue;
		}
		if (!strcmp(a, "--getppid")) {
			o.getppid = 1;
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
		else if (!strcmp(a, "--batch"))
			o.batch = atoi(v);
		else if (!strcmp(a, "--port"))
			o.port = atoi(v);
		else
			usage();
		i++;
	}
	if ((o.pairs <= 0) == (o.seconds <= 0) || o.batch < 0 || o.batch > MAX_BATCH || (o.batch && o.empty_reads) || (o.getppid && (o.batch || o.empty_reads)))
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

/* Both sockets and every buffer the exchanges use, set up once. */
struct workload {
	int tx, rx;
	struct sockaddr_in rx_addr;
	unsigned char packets[2][NTP_WITH_MAC]; /* [0]: plain, [1]: with MAC */
	struct sockaddr_in from[MAX_BATCH];
	unsigned char in[MAX_BATCH][RECV_BUF];
	unsigned char control[MAX_BATCH][64];
	long events;   /* trace events the calls made: one per syscall, one per message of an mmsg call */
	long failures;
};

/* Pair number `k` sends the plain packet when even, the one with a MAC when odd. */
static size_t packet_len(long k)
{
	return k % 2 ? NTP_WITH_MAC : NTP_PLAIN;
}

static void one_pair(struct workload *w, long k)
{
	const size_t len = packet_len(k);
	if (sendto(w->tx, w->packets[len == NTP_WITH_MAC], len, 0, (struct sockaddr *)&w->rx_addr,
		   sizeof(w->rx_addr)) != (ssize_t)len)
		w->failures++;
	struct iovec iov = {w->in[0], sizeof(w->in[0])};
	struct msghdr msg = {&w->from[0], sizeof(w->from[0]), &iov, 1, w->control[0], sizeof(w->control[0]), 0};
	if (recvmsg(w->rx, &msg, 0) != (ssize_t)len)
		w->failures++;
	w->events += 2;
}

/* A non-blocking read of the empty receiving socket: anything but EAGAIN is a failure. */
static void empty_read(struct workload *w)
{
	struct iovec iov = {w->in[0], sizeof(w->in[0])};
	struct msghdr msg = {&w->from[0], sizeof(w->from[0]), &iov, 1, w->control[0], sizeof(w->control[0]), 0};
	if (recvmsg(w->rx, &msg, MSG_DONTWAIT) != -1 || errno != EAGAIN)
		w->failures++;
	w->events++;
}

/* An mmsg call leaves one trace event per message, or one for the call when it fails. */
static long mmsg_events(int ret)
{
	return ret > 0 ? ret : 1;
}

/* Pairs k .. k+n-1 in one sendmmsg and one recvmmsg. Loopback delivers inside sendmmsg, so the
 * receive does not wait (MSG_DONTWAIT: a dropped packet is a failure, not a hang). */
static void batch_of_pairs(struct workload *w, long k, int n)
{
	struct mmsghdr out[MAX_BATCH], in[MAX_BATCH];
	struct iovec out_iov[MAX_BATCH], in_iov[MAX_BATCH];
	for (int i = 0; i < n; i++) {
		const size_t len = packet_len(k + i);
		out_iov[i] = (struct iovec){w->packets[len == NTP_WITH_MAC], len};
		out[i] = (struct mmsghdr){{&w->rx_addr, sizeof(w->rx_addr), &out_iov[i], 1, NULL, 0, 0}, 0};
		in_iov[i] = (struct iovec){w->in[i], sizeof(w->in[i])};
		in[i] = (struct mmsghdr){{&w->from[i], sizeof(w->from[i]), &in_iov[i], 1, w->control[i], sizeof(w->control[i]), 0}, 0};
	}
	int sent = sendmmsg(w->tx, out, (unsigned)n, 0);
	int received = recvmmsg(w->rx, in, (unsigned)n, MSG_DONTWAIT, NULL);
	w->events += mmsg_events(sent) + mmsg_events(received);
	if (sent != n || received != n) {
		w->failures++;
		return;
	}
	for (int i = 0; i < n; i++)
		if (in[i].msg_len != packet_len(k + i))
			w->failures++;
}

int main(int argc, char **argv)
{
	struct options o = parse(argc, argv);
	static struct workload w;
	struct sockaddr_in tx_addr;
	w.tx = loopback_socket(&tx_addr, 0);
	w.rx = loopback_socket(&w.rx_addr, o.port);
	client_packet(w.packets[0], NTP_PLAIN);
	client_packet(w.packets[1], NTP_WITH_MAC);

	if (o.wait) {
		char line[16];
		printf("ready %d\n", (int)getpid());
		fflush(stdout);
		if (!fgets(line, sizeof(line), stdin))
			die("waiting for a line on stdin");
	}

	const double events_per_ns = o.rate / 1e9;
	const int64_t deadline = o.seconds > 0 ? (int64_t)(o.seconds * 1e9) : INT64_MAX;
	const int64_t cpu0 = now_ns(CLOCK_PROCESS_CPUTIME_ID);
	const int64_t t0 = now_ns(CLOCK_MONOTONIC);
	int64_t elapsed = 0;
	long done = 0;
	for (;;) {
		if (o.pairs ? done >= o.pairs : elapsed >= deadline)
			break;
		if (o.getppid) {
			getppid();
			done++;
		} else if (o.empty_reads) {
			empty_read(&w);
			done++;
		} else if (o.batch) {
			const int n = o.pairs && o.pairs - done < o.batch ? (int)(o.pairs - done) : o.batch;
			batch_of_pairs(&w, done, n);
			done += n;
		} else {
			one_pair(&w, done);
			done++;
		}
		/* The clock is read through the vDSO: no syscall, nothing for a tracer to see. */
		if (o.seconds > 0 || events_per_ns > 0)
			elapsed = now_ns(CLOCK_MONOTONIC) - t0;
		if (events_per_ns > 0) {
			const int64_t ahead = (int64_t)(w.events / events_per_ns) - elapsed;
			if (ahead > 50000) {
				struct timespec pause = {0, ahead};
				nanosleep(&pause, NULL);
			}
		}
	}
	const int64_t wall = now_ns(CLOCK_MONOTONIC) - t0;
	const int64_t cpu = now_ns(CLOCK_PROCESS_CPUTIME_ID) - cpu0;
	printf("pairs=%ld events=%ld batch=%d empty_reads=%d failures=%ld wall_ns=%lld cpu_ns=%lld wall_ns_per_pair=%.1f "
	       "cpu_ns_per_pair=%.1f events_per_s=%.0f\n",
	       done, w.events, o.batch, o.empty_reads, w.failures, (long long)wall, (long long)cpu, (double)wall / (double)done,
	       (double)cpu / (double)done, 1e9 * (double)w.events / (double)wall);
	return w.failures ? 1 : 0;
}
