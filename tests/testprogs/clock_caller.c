/* Calls the C library's clock functions the way a second time daemon would, but without
 * CAP_SYS_TIME, so that the kernel refuses every write (EPERM): the machine's clock is never
 * changed. It gives up before any write if it cannot drop the capability. Prints one line per
 * call, "call=NAME ret=R errno=E", for the test to compare with the recording.
 * Waits for "go" on stdin first (the recorder attaches in between). */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/capability.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/timex.h>
#include <time.h>
#include <unistd.h>

static int drop_sys_time(void)
{
	struct __user_cap_header_struct header = {.version = _LINUX_CAPABILITY_VERSION_3};
	struct __user_cap_data_struct data[2];

	if (syscall(SYS_capget, &header, data) != 0)
		return -1;
	for (int i = 0; i < 2; i++)
		data[i].effective = data[i].permitted = data[i].inheritable = 0;
	if (syscall(SYS_capset, &header, data) != 0)
		return -1;
	memset(data, 0, sizeof(data));
	if (syscall(SYS_capget, &header, data) != 0 || (data[0].effective & (1u << CAP_SYS_TIME)))
		return -1;
	return 0;
}

static void report(const char *call, int ret)
{
	printf("call=%s ret=%d errno=%d\n", call, ret, ret == -1 ? errno : 0);
	fflush(stdout);
}

int main(void)
{
	char line[16];

	if (!fgets(line, sizeof(line), stdin))
		return 1;
	if (drop_sys_time() != 0) {
		printf("error=cannot drop CAP_SYS_TIME\n");
		return 2;
	}
	struct timex tx = {.modes = 0};
	report("adjtimex", adjtimex(&tx)); /* a read: allowed */
	tx.modes = ADJ_FREQUENCY;          /* the frequency just read: a write the kernel refuses */
	report("clock_adjtime", clock_adjtime(CLOCK_REALTIME, &tx));
	struct timeval now;
	gettimeofday(&now, NULL);
	report("settimeofday", settimeofday(&now, NULL));
	struct timex read_only = {.modes = 0};
	report("clock_adjtime_bad_clock", clock_adjtime(12345, &read_only));
	printf("done\n");
	return 0;
}
