#!/usr/bin/env python3
"""CI smoke test of bench/run.sh (ctest bench_smoke): runs `run.sh --quick` and checks the table
it prints, so the script cannot rot. Every section's rows must be there with numbers, and where
ntpscope recorded, nothing may be lost or missing. Figures are not judged: that is run.sh's job.

Skips (exit 77, loudly) only where BPF is really absent: not root, or a kernel without BTF. With
NTPSCOPE_REQUIRE_PRIVILEGED=1 (CI) that is a failure instead, as in tests/privileged.

    bench_smoke.py --build BUILD_DIR
"""
import argparse
import os
import re
import stat
import subprocess
import sys
import time

RUN_SH = os.path.join(os.path.dirname(os.path.abspath(__file__)), "run.sh")
NUM = r"[0-9]+(?:\.[0-9]+)?"
OVERHEAD = rf"cpu +{NUM} ns/pair \(x{NUM}\) +wall +{NUM} ns/pair \(x{NUM}\)"
# Loss-free: nothing lost (footer) and every event the loops made in the trace.
CAPACITY = rf"achieved=[0-9]+ .*\bmissing=0 lost=0 .*consumer_ns_per_event=[0-9]+"
ANALYSIS = rf"{NUM} M events/CPU-s +peak RSS +{NUM} MB"


def rate(unit):
    return rf"[0-9]+ {unit}/CPU-s +peak RSS +{NUM} MB"


# Section -> (row name, pattern its figure must match). run.sh --quick's rates and sizes.
EXPECTED = {
    "overhead": [
        ("untraced", OVERHEAD),
        # Traced: every event the loop made is in the trace, none lost (2,000 pairs + exit).
        ("ntpscope (socket path)", OVERHEAD + r" +4001/4001 events, lost 0, added -?[0-9]+ ns/event$"),
        ("ntpscope --attach syscall", OVERHEAD + r" +4001/4001 events, lost 0, added -?[0-9]+ ns/event$"),
        ("untargeted (socket path)", OVERHEAD),
        ("untargeted, --attach syscall", OVERHEAD),
        ("getppid loop, untraced", OVERHEAD),
        ("getppid loop, untargeted (socket path)", OVERHEAD),
        ("getppid loop, untargeted, --attach syscall", OVERHEAD),
        ("bpftrace", OVERHEAD + r" +[0-9]+/4000 events, lost [0-9]+, added -?[0-9]+ ns/event$"),
        ("strace", OVERHEAD + r" +400/400 events, lost 0, added -?[0-9]+ ns/event$"),
        ("empty programs on the raw tracepoints (floor)", OVERHEAD),
        ("empty programs on the sendto/recvmsg syscall tracepoints (floor)", OVERHEAD),
        ("empty programs on the socket tracepoints (floor, socket path)", OVERHEAD),
        ("socket tracepoints, records of ntpscope's size only (floor, traced)", OVERHEAD + r" +added -?[0-9]+ ns/event$"),
    ],
    "capacity": [
        ("NTP batch 8, untraced loop", r"loop_ns_per_event=[1-9][0-9]* events_per_s=[1-9][0-9]*"),
        ("NTP batch 8, 100000/s", CAPACITY),
        ("NTP batch 8, /dev/null, 100000/s", CAPACITY),
        ("NTP batch 8: loss-free", r"[1-9][0-9]* events/s achieved with 0 lost and 0 missing$"),
        ("NTP batch 8: knee", r"\S"),
        ("empty reads, untraced loop", r"loop_ns_per_event=[1-9][0-9]* events_per_s=[1-9][0-9]*"),
        ("empty reads, 200000/s", CAPACITY),
        ("empty reads, /dev/null, 200000/s", CAPACITY),
        ("empty reads: loss-free", r"[1-9][0-9]* events/s achieved with 0 lost and 0 missing$"),
        ("empty reads: knee", r"\S"),
    ],
    "analysis": [
        ("read only, 200000 events", ANALYSIS),
        ("HostAnalyzer, 200000 events", ANALYSIS),
        ("summary, 200000 events", ANALYSIS),
        ("diff, 2 x 200000 events", ANALYSIS),
    ],
    "import": [
        ("strace text, read only", rate("MB")),
        ("strace text, HostAnalyzer", rate("MB")),
        ("pcap, read only", rate("packets")),
        ("pcap, HostAnalyzer", rate("packets")),
        ("pcap, tshark -Y ntp", rate("packets")),
    ],
}


def bpf_unavailable_reason():
    if os.geteuid() != 0:
        return "not running as root"
    if not os.path.exists("/sys/kernel/btf/vmlinux"):
        return "kernel has no BTF (/sys/kernel/btf/vmlinux)"
    return ""


def sections(table):
    """The printed table: {section: {row name + figure lines}}."""
    found, current = {}, None
    for line in table.splitlines():
        m = re.match(r"== (\w+)$", line)
        if m:
            current = found.setdefault(m.group(1), [])
        elif current is not None and line.startswith("  "):
            current.append(line[2:])
    return found


def check(table):
    problems = []
    found = sections(table)
    for section, rows in EXPECTED.items():
        lines = found.get(section)
        if lines is None:
            problems.append(f"section '{section}' missing")
            continue
        for name, pattern in rows:
            figure = next((l[len(name):].strip() for l in lines if l.startswith(name + " ")), None)
            if figure is None:
                problems.append(f"{section}: row '{name}' missing")
            elif not re.search(pattern, figure) or re.search(r"\bnan\b", figure):
                problems.append(f"{section}: row '{name}' has '{figure}', expected /{pattern}/")
            # A rate of 0/CPU-s means the timed command failed.
            elif re.match(r" *0(\.0+)? ", figure):
                problems.append(f"{section}: row '{name}' has a zero rate: '{figure}'")
    return problems


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--build", required=True)
    args = parser.parse_args()

    why = bpf_unavailable_reason()
    if why:
        if os.environ.get("NTPSCOPE_REQUIRE_PRIVILEGED", "0") not in ("", "0"):
            print(f"bench_smoke: cannot run: {why}, and NTPSCOPE_REQUIRE_PRIVILEGED=1", file=sys.stderr)
            return 1
        print(f"*** SKIPPING PRIVILEGED TEST bench_smoke: {why} ***")
        return 77

    start = time.monotonic()
    run = subprocess.run([RUN_SH, "--quick", "--build", args.build], stdout=subprocess.PIPE, text=True)
    elapsed = time.monotonic() - start
    print(run.stdout)
    print(f"bench_smoke: run.sh --quick took {elapsed:.0f} s, exit {run.returncode}")
    problems = [] if run.returncode == 0 else [f"run.sh exited {run.returncode} (its stderr is above)"]
    problems += check(run.stdout)
    # run.sh records to /dev/null as root: it once removed it after the run, breaking the machine.
    if not stat.S_ISCHR(os.stat("/dev/null").st_mode):
        problems.append("/dev/null is no longer a character device after run.sh")
    for p in problems:
        print(f"bench_smoke: {p}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
