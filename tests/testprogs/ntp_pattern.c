/* A target that uses sockets the way ntpd does, for the privileged recorder tests.
 *
 * Phase 1 (before the recorder attaches): a wildcard socket and a socket bound to 127.0.0.1,
 * both at fds >= 16 like ntpd's, so the attach-time snapshot has to name them.
 * It then prints "ready" and waits for a line on stdin.
 * Phase 2 (traced): creates a multicast-group socket (socket, bind, join) and a connected
 * socket, makes sendto / recvmsg-until-EAGAIN / sendmsg / sendmmsg / recvmmsg /
 * clock_adjtime(modes 0) / adjtimex(modes 0) calls, closes the connected socket, and prints
 * one line per call it made ("call syscall=... fd=... ret=... errno=... local=... peer=...
 * data=<hex>") so the test can compare the trace against what really happened.
 *
 * `ntp_pattern burst N` instead makes N sendto calls as fast as it can (overflow test).
 * Must run in a network namespace whose lo is up with a 224.0.0.0/4 route (the test makes one).
 * Never changes the clock: both clock calls use modes 0.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/timex.h>
#include <time.h>
#include <unistd.h>

#define GROUP "224.0.1.1"
#define GROUP_PORT 123

static void die(const char *what)
{
	fprintf(stderr, "ntp_pattern: %s: %s\n", what, strerror(errno));
	exit(1);
}

static void hex(const unsigned char *p, size_t n, char *out)
{
	for (size_t i = 0; i < n; i++)
		sprintf(out + 2 * i, "%02x", p[i]);
	out[2 * n] = 0;
}

static unsigned short local_port(int fd)
{
	struct sockaddr_in a;
	socklen_t len = sizeof(a);
	if (getsockname(fd, (struct sockaddr *)&a, &len))
		die("getsockname");
	return ntohs(a.sin_port);
}

static struct sockaddr_in inet(const char *ip, unsigned short port)
{
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(port)};
	inet_pton(AF_INET, ip, &a.sin_addr);
	return a;
}

static int udp_socket(const char *ip, unsigned short port)
{
	struct sockaddr_in a = inet(ip, port);
	int one = 1;
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK, 0);
	if (fd < 0)
		die("socket");
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(fd, (struct sockaddr *)&a, sizeof(a)))
		die("bind");
	setsockopt(fd, SOL_SOCKET, SO_TIMESTAMPNS, &one, sizeof(one));
	setsockopt(fd, IPPROTO_IP, IP_PKTINFO, &one, sizeof(one));
	return fd;
}

/* A client-mode (3) or broadcast-mode (5) NTP packet; len 68 adds a fake MD5 MAC. */
static void ntp_packet(unsigned char *p, int mode, size_t len, unsigned char seq)
{
	memset(p, 0, len);
	p[0] = (0 << 6) | (4 << 3) | mode;
	p[1] = mode == 5 ? 2 : 0;
	p[2] = mode == 5 ? 6 : 10;
	for (int i = 40; i < 48; i++)
		p[i] = seq + i; /* transmit timestamp: unique per packet */
	if (len >= 68) {
		p[51] = 7; /* key id 7 */
		for (int i = 52; i < 68; i++)
			p[i] = 0xa0 + i;
	}
}

static void report(const char *call, int fd, long ret, int err, const char *peer, const unsigned char *data,
		   size_t n)
{
	char h[2 * 128 + 1] = "";
	if (data && n <= 128)
		hex(data, n, h);
	printf("call syscall=%s fd=%d ret=%ld errno=%d peer=%s data=%s\n", call, fd, ret, err, peer ? peer : "-", h);
}

static void recv_until_eagain(int fd)
{
	for (;;) {
		unsigned char buf[512], ctrl[256];
		struct sockaddr_in from;
		struct iovec iov = {buf, sizeof(buf)};
		struct msghdr msg = {&from, sizeof(from), &iov, 1, ctrl, sizeof(ctrl), 0};
		ssize_t n = recvmsg(fd, &msg, 0);
		int err = n < 0 ? errno : 0;
		char peer[64] = "-";
		if (n >= 0)
			snprintf(peer, sizeof(peer), "%s:%u", inet_ntoa(from.sin_addr), ntohs(from.sin_port));
		report("recvmsg", fd, n, err, peer, buf, n > 0 ? n : 0);
		if (n < 0)
			return;
	}
}

static void burst(long count)
{
	int fd = udp_socket("127.0.0.1", 0);
	struct sockaddr_in to = inet("127.0.0.1", 9); /* discard port: nothing listens, nothing to read */
	unsigned char pkt[48];
	ntp_packet(pkt, 3, sizeof(pkt), 0);
	char line[16];
	printf("ready\n");
	fflush(stdout);
	if (!fgets(line, sizeof(line), stdin))
		die("waiting for go");
	for (long i = 0; i < count; i++)
		sendto(fd, pkt, sizeof(pkt), 0, (struct sockaddr *)&to, sizeof(to));
	printf("done %ld\n", count);
}

int main(int argc, char **argv)
{
	if (argc == 3 && strcmp(argv[1], "burst") == 0) {
		burst(atol(argv[2]));
		return 0;
	}

	/* Fill fds 3..15 so sockets land at >= 16, as in ntpd. */
	while (open("/dev/null", O_RDONLY) < 15) {
	}
	int wild = udp_socket("0.0.0.0", 0);
	int iface = udp_socket("127.0.0.1", 0);
	unsigned short wild_port = local_port(wild);
	printf("ready wild=%d:%u iface=%d:%u\n", wild, wild_port, iface, local_port(iface));
	fflush(stdout);
	char line[16];
	if (!fgets(line, sizeof(line), stdin))
		die("waiting for go");

	/* The multicast-group socket, created while traced: socket, bind, join. */
	int group = udp_socket(GROUP, GROUP_PORT);
	struct ip_mreqn mreq = {.imr_ifindex = 0};
	inet_pton(AF_INET, GROUP, &mreq.imr_multiaddr);
	inet_pton(AF_INET, "127.0.0.1", &mreq.imr_address);
	if (setsockopt(group, IPPROTO_IP, IP_ADD_MEMBERSHIP, &mreq, sizeof(mreq)))
		die("IP_ADD_MEMBERSHIP");
	struct in_addr lo;
	inet_pton(AF_INET, "127.0.0.1", &lo);
	setsockopt(iface, IPPROTO_IP, IP_MULTICAST_IF, &lo, sizeof(lo));
	printf("group fd=%d\n", group);

	/* A connected socket, as chronyd uses per request. */
	int conn = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK, 0);
	struct sockaddr_in wild_lo = inet("127.0.0.1", wild_port);
	if (conn < 0 || connect(conn, (struct sockaddr *)&wild_lo, sizeof(wild_lo)))
		die("connect");
	printf("conn fd=%d port=%u\n", conn, local_port(conn));

	unsigned char pkt[68];
	char peer[64];

	/* Unicast mode 3 from the interface socket to the wildcard socket, then read until EAGAIN. */
	ntp_packet(pkt, 3, 48, 1);
	long n = sendto(iface, pkt, 48, 0, (struct sockaddr *)&wild_lo, sizeof(wild_lo));
	snprintf(peer, sizeof(peer), "127.0.0.1:%u", wild_port);
	report("sendto", iface, n, n < 0 ? errno : 0, peer, pkt, 48);
	recv_until_eagain(wild);

	/* Multicast mode 5 with a MAC, received on the group socket. */
	struct sockaddr_in grp = inet(GROUP, GROUP_PORT);
	ntp_packet(pkt, 5, 68, 2);
	n = sendto(iface, pkt, 68, 0, (struct sockaddr *)&grp, sizeof(grp));
	report("sendto", iface, n, n < 0 ? errno : 0, GROUP ":123", pkt, 68);
	recv_until_eagain(group);

	/* sendmsg on the connected socket (no msg_name). */
	ntp_packet(pkt, 3, 48, 3);
	struct iovec iov = {pkt, 48};
	struct msghdr msg = {NULL, 0, &iov, 1, NULL, 0, 0};
	n = sendmsg(conn, &msg, 0);
	report("sendmsg", conn, n, n < 0 ? errno : 0, NULL, pkt, 48);

	/* sendmmsg of two packets, then recvmmsg collects all three. */
	unsigned char two[2][48];
	struct iovec iovs[2];
	struct mmsghdr out[2];
	memset(out, 0, sizeof(out));
	for (int i = 0; i < 2; i++) {
		ntp_packet(two[i], 3, 48, 4 + i);
		iovs[i] = (struct iovec){two[i], 48};
		out[i].msg_hdr = (struct msghdr){&wild_lo, sizeof(wild_lo), &iovs[i], 1, NULL, 0, 0};
	}
	n = sendmmsg(iface, out, 2, 0);
	report("sendmmsg", iface, n, n < 0 ? errno : 0, peer, two[0], 48);
	report("sendmmsg", iface, n, n < 0 ? errno : 0, peer, two[1], 48);

	unsigned char in[4][512];
	unsigned char ctrl[4][256];
	struct sockaddr_in from[4];
	struct iovec iin[4];
	struct mmsghdr vec[4];
	memset(vec, 0, sizeof(vec));
	for (int i = 0; i < 4; i++) {
		iin[i] = (struct iovec){in[i], sizeof(in[i])};
		vec[i].msg_hdr = (struct msghdr){&from[i], sizeof(from[i]), &iin[i], 1, ctrl[i], sizeof(ctrl[i]), 0};
	}
	n = recvmmsg(wild, vec, 4, 0, NULL);
	for (int i = 0; i < n; i++) {
		snprintf(peer, sizeof(peer), "%s:%u", inet_ntoa(from[i].sin_addr), ntohs(from[i].sin_port));
		report("recvmmsg", wild, n, 0, peer, in[i], vec[i].msg_len);
	}

	/* Read-only clock calls, through the C library as daemons make them: modes 0 never change
	 * the clock. */
	struct timex tx = {.modes = 0};
	n = clock_adjtime(CLOCK_REALTIME, &tx);
	report("clock_adjtime", -1, n, n < 0 ? errno : 0, NULL, NULL, 0);
	struct timex tx2 = {.modes = 0};
	n = adjtimex(&tx2);
	report("adjtimex", -1, n, n < 0 ? errno : 0, NULL, NULL, 0);

	n = close(conn);
	report("close", conn, n, 0, NULL, NULL, 0);
	fflush(stdout);
	return 0;
}
