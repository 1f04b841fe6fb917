#!/usr/bin/env bash
# Issue 7's side-by-side comparison, in one run, as ratios (this machine is shared and noisy):
#   1. overhead on a traced sendto+recvmsg loop: untraced, ntpscope record, strace -f, bpftrace,
#      and the cost to an untargeted process while ntpscope traces another pid;
#   2. loss-free capacity of a 10-second recording to a file, and to /dev/null, of loops that
#      send and receive in batches with sendmmsg/recvmmsg (one trace event per message: the
#      realistic series, limited by the kernel's UDP path), then of loops of empty non-blocking
#      reads (EAGAIN: cheap for the kernel, so that series finds ntpscope's own knee);
#   3. analysis throughput and peak RSS on synthetic 1M and 10M-event traces;
#   4. import throughput: strace text and pcap, next to tshark on the same pcap.
# Needs root (BPF, strace, bpftrace). Everything runs on loopback. docs/performance.md explains
# each figure and what limits it.
#
#   sudo bench/run.sh [--quick] [--build DIR] [--repeats N] [--pairs N] [--only overhead,capacity,analysis,import]
#                     [--rates "100000 200000 ..."] [--empty-rates "500000 1000000 ..."] [--batch N]
#                     [--rings "64 256"] [--sizes "1000000 10000000"] [--quiet-wait S] [--bpf-stats] [--also NAME=NTPSCOPE_BINARY]...
# --quick: every section, small (1 repeat, 2,000 pairs, 2 s capacity runs at one low rate each,
#          200,000-event traces, a 20 MB strace import), no wait for other recordings: the CI smoke test
#          (bench/bench_smoke.py). Options after it override its values.
# --quiet-wait S: how long each section waits for other ntpscope recordings to end (default 600).
# --bpf-stats: one more traced run with kernel.bpf_stats_enabled, for the time in each handler.
# --batch: messages per sendmmsg/recvmmsg in the capacity loops (1-8, default 8; 0: sendto+recvmsg).
# --also: one more overhead row, and one capacity row at the top rate, per other ntpscope build
#         (before/after a change, same run).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=$ROOT/build-bench
REPEATS=5
PAIRS=200000
STRACE_PAIRS=20000      # strace costs ~100x: fewer pairs keep the run short, per-pair figures still hold
RATES="250000 500000 750000 1000000 1250000 1500000"
EMPTY_RATES="500000 1000000 1500000 2000000 2500000 3000000"   # the empty-read series
BATCH=8                 # capacity loops: 8 messages per sendmmsg/recvmmsg, all recorded (NTPS_MAX_MMSG)
PER_PROCESS_RATE=350000 # above this a rate is split over several loop processes (~2.3 us/event traced: < 1 CPU)
EMPTY_PER_PROCESS_RATE=750000  # an empty read costs ~0.6 us untraced, ~1.2 traced: < 1 CPU per loop
CAPACITY_SECONDS=10
RINGS="64 256 1024"     # KiB: smaller rings at the top rate, to see where the ring itself overflows
SIZES="1000000 10000000"
IMPORT_PAIRS=200000     # strace log of about 200 MB
PCAP_EVENTS=2000000
ONLY="overhead,capacity,analysis,import"
QUIET_WAIT=600          # seconds to wait for other engineers' recordings to end, per section
BPF_STATS=0
ALSO=()                 # NAME=BINARY: other ntpscope builds measured beside this one

while [ $# -gt 0 ]; do
    case $1 in
    --build) BUILD=$(realpath "$2"); shift ;;
    --repeats) REPEATS=$2; shift ;;
    --pairs) PAIRS=$2; shift ;;
    --quick) REPEATS=1 PAIRS=2000 STRACE_PAIRS=200 CAPACITY_SECONDS=2 RATES=100000 EMPTY_RATES=200000
             RINGS="" SIZES=200000 IMPORT_PAIRS=20000 PCAP_EVENTS=200000 QUIET_WAIT=0 ;;
    --rates) RATES=$2; shift ;;
    --empty-rates) EMPTY_RATES=$2; shift ;;
    --quiet-wait) QUIET_WAIT=$2; shift ;;
    --batch) BATCH=$2; shift ;;
    --rings) RINGS=$2; shift ;;
    --sizes) SIZES=$2; shift ;;
    --only) ONLY=$2; shift ;;
    --bpf-stats) BPF_STATS=1 ;;
    --also) ALSO+=("$2"); shift ;;
    -h | --help) sed -n '2,24p' "$0"; exit 0 ;;
    *) echo "run.sh: unknown option $1 (try --help)" >&2; exit 2 ;;
    esac
    shift
done

NTPSCOPE=$BUILD/ntpscope
LOOP=$BUILD/bench/pair_loop
GEN=$BUILD/bench/gen_trace
ANALYZE=$BUILD/bench/analyze_trace
for bin in "$NTPSCOPE" "$LOOP" "$GEN" "$ANALYZE"; do
    [ -x "$bin" ] || { echo "run.sh: $bin missing: cmake --build $BUILD --target bench_all" >&2; exit 2; }
done
[ "$(id -u)" = 0 ] || { echo "run.sh: needs root (BPF, strace, bpftrace)" >&2; exit 2; }
missing=()
for tool in strace:strace bpftrace:bpftrace bpftool:bpftool tshark:tshark editcap:tshark capinfos:tshark; do
    command -v "${tool%%:*}" > /dev/null || missing+=("${tool#*:}")
done
if [ ${#missing[@]} -gt 0 ]; then
    echo "run.sh: missing tools; install them with: apt-get install $(printf '%s\n' "${missing[@]}" | sort -u | tr '\n' ' ')" >&2
    exit 2
fi

WORK=$(mktemp -d /tmp/ntpscope-bench.XXXXXX)
IMPORT_NS=ntpscope-bench-$$   # network namespace of the strace import workload
STARTED=()              # pids this script started, killed on exit (only these)
BPF_STATS_BEFORE=$(cat /proc/sys/kernel/bpf_stats_enabled)
cleanup() {
    for pid in "${STARTED[@]}"; do kill "$pid" 2>/dev/null || true; done
    echo "$BPF_STATS_BEFORE" > /proc/sys/kernel/bpf_stats_enabled
    ip netns del "$IMPORT_NS" 2>/dev/null || true
    rm -rf "$WORK"
}
trap cleanup EXIT
RESULTS=$WORK/results   # "section|row|figure" lines, printed as the table at the end
: > "$RESULTS"
row() { echo "$1|$2|$3" >> "$RESULTS"; }
note() { echo "run.sh: $*" >&2; }

# key=value from a line: field LINE KEY
field() { sed -n "s/.*\b$2=\([^ ]*\).*/\1/p" <<< "$1"; }
median() { sort -g | awk '{v[NR]=$1} END {if (NR == 0) print "nan"; else if (NR % 2) print v[(NR+1)/2]; else print (v[NR/2]+v[NR/2+1])/2}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.3f", a / b}'; }
# JSON number from the trace footer: footer_field FILE KEY
footer_field() { tail -n 1 "$1" | sed -n "s/.*\"$2\":\([0-9]*\).*/\1/p"; }

# Starts a pair_loop that waits for a line on a fifo: sets LOOP_PID and LOOP_OUT; go_loop starts it.
start_waiting_loop() {
    local tag=$1; shift
    LOOP_OUT=$WORK/$tag.loop
    mkfifo "$WORK/$tag.go"
    exec {LOOP_GO}<> "$WORK/$tag.go"
    "$LOOP" --wait "$@" < "$WORK/$tag.go" > "$LOOP_OUT" &
    LOOP_PID=$!
    STARTED+=("$LOOP_PID")
    until grep -q ready "$LOOP_OUT" 2>/dev/null; do sleep 0.02; done
}
go_loop() { echo go >&"$1"; }

# Waits until `pid` has written something to `file` (a trace header, bpftrace's banner);
# fails if `pid` dies first.
await_output() {
    local pid=$1 file=$2 pattern=${3:-}
    while :; do
        if [ -n "$pattern" ]; then grep -q "$pattern" "$file" 2>/dev/null && return 0
        elif [ -s "$file" ]; then return 0; fi
        kill -0 "$pid" 2>/dev/null || { note "tracer $pid exited early: $(tail -n 3 "$file" "$file.err" 2>/dev/null)"; return 1; }
        sleep 0.05
    done
}

machine_line() {
    local build_type
    build_type=$(sed -n 's/^CMAKE_BUILD_TYPE:[A-Z]*=//p' "$BUILD/CMakeCache.txt")
    echo "machine: $(nproc) cpus, $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -n 1), kernel $(uname -r)," \
         "build $build_type ($BUILD), load average $(cut -d' ' -f1-3 /proc/loadavg)"
}

# ---------------------------------------------------------------------------------------------
# 1. Overhead on the traced process
# ---------------------------------------------------------------------------------------------
BPFTRACE_PROGRAM='
tracepoint:syscalls:sys_enter_sendto /pid == $1/ { printf("sendto fd=%d %r\n", args->fd, buf(args->buff, args->len)); }
tracepoint:syscalls:sys_enter_recvmsg /pid == $1/ { @msg[tid] = args->msg; @fd[tid] = args->fd; }
tracepoint:syscalls:sys_exit_recvmsg /pid == $1 && @msg[tid] != 0/ {
  $iov = ((struct user_msghdr *)@msg[tid])->msg_iov;
  printf("recvmsg fd=%d %r\n", @fd[tid], buf($iov->iov_base, args->ret));
  delete(@msg[tid]); delete(@fd[tid]); }'

overhead_untraced() { "$LOOP" --pairs "$1"; }
overhead_untraced_getppid() { "$LOOP" --getppid --pairs "$1"; }

# Ids of the loaded programs of ntpscope recordings: the socket path's two socket tracepoint
# programs, or the syscall path's enter and exit programs (enter/exit_probe before Linux 6.2).
recorder_prog_ids() { bpftool prog show | awk '/ name ((enter|exit)_(syscall|probe)|sock_(send|recv)) / {sub(":", "", $1); print $1}'; }

# overhead_ntpscope PAIRS [BINARY [bpf-stats]]; ATTACH (socket or syscall) forces a path.
overhead_ntpscope() {
    local pairs=$1 binary=${2:-$NTPSCOPE} stats=${3:-} trace=$WORK/overhead.trace
    local attach=(); [ -n "${ATTACH:-}" ] && attach=(--attach "$ATTACH")
    start_waiting_loop "ntpscope.$RANDOM" --pairs "$pairs"
    local others; others=$(recorder_prog_ids)
    "$binary" record --pid "$LOOP_PID" "${attach[@]}" -o "$trace" -q 2> "$trace.err" &
    local rec=$!; STARTED+=("$rec")
    await_output "$rec" "$trace"
    # This recording's programs: bpftool here cannot tell which process holds a program.
    local ours; ours=$(recorder_prog_ids | grep -vxF -e "${others:-none}" || true)
    [ -n "$stats" ] && echo 1 > /proc/sys/kernel/bpf_stats_enabled
    go_loop "$LOOP_GO"
    wait "$LOOP_PID"
    local handlers=""
    if [ -n "$stats" ]; then
        local id
        handlers=$(for id in $ours; do bpftool prog show id "$id"; done |
            awk '/run_time_ns/ {for (i = 1; i <= NF; i++) { if ($i == "name") n = $(i+1); if ($i == "run_time_ns") t = $(i+1); if ($i == "run_cnt") c = $(i+1) }
                 printf "%s=%.0fns ", n, t / c}')
        echo "$BPF_STATS_BEFORE" > /proc/sys/kernel/bpf_stats_enabled
    fi
    wait "$rec" || true   # record ends by itself once its target has exited
    # The calls' events: the socket path also records each socket's state when it first sees it.
    local captured; captured=$(grep '"syscall":"' "$trace" | grep -vc '"via":"socket-state"' || true)
    echo "$(tail -n 1 "$LOOP_OUT") captured=$captured lost=$(footer_field "$trace" lost) expected=$((2 * pairs + 1)) $handlers"
    rm -f "$trace"
}

overhead_ntpscope_syscall() { ATTACH=syscall overhead_ntpscope "$@"; }

# overhead_untargeted PAIRS [LOOP_OPTION...]: the loop while ntpscope records another process.
overhead_untargeted() {
    local pairs=$1 trace=$WORK/untargeted.trace
    shift
    local attach=(); [ -n "${ATTACH:-}" ] && attach=(--attach "$ATTACH")
    sleep 600 & local other=$!; STARTED+=("$other")
    # The target runs in a cgroup of its own, as a daemon under systemd does: the socket path's
    # recvmsg hooks attach to the targets' cgroups only (docs/performance.md).
    local cgroup; cgroup=$(awk '$3 == "cgroup2" {print $2; exit}' /proc/self/mounts)/ntpscope-bench.$$
    mkdir -p "$cgroup" && echo "$other" > "$cgroup/cgroup.procs"
    "$NTPSCOPE" record --pid "$other" "${attach[@]}" -o "$trace" -q 2> "$trace.err" &
    local rec=$!; STARTED+=("$rec")
    await_output "$rec" "$trace"
    "$LOOP" --pairs "$pairs" "$@"
    kill -INT "$rec"; wait "$rec" || true
    kill "$other"; wait "$other" 2>/dev/null || true
    rmdir "$cgroup"
    rm -f "$trace"
}

overhead_untargeted_syscall() { ATTACH=syscall overhead_untargeted "$1"; }
overhead_untargeted_getppid() { overhead_untargeted "$1" --getppid; }
overhead_untargeted_getppid_syscall() { ATTACH=syscall overhead_untargeted "$1" --getppid; }

# The price of attaching at all, for an untargeted process: empty programs (bench/rawtp_floor)
# on the raw sys_enter/sys_exit tracepoints of the syscall path, on the sendto/recvmsg syscall
# ones, or on the socket tracepoints of the socket path.
overhead_floor_rawtp() { overhead_floor "$1"; }
overhead_floor_syscall_tp() { overhead_floor "$1" --syscall-tp; }
overhead_floor_sock_tp() { overhead_floor "$1" --sock-tp; }
overhead_floor() {
    local pairs=$1 out=$WORK/floor.out; shift
    "$BUILD/bench/rawtp_floor" "$@" > "$out" 2>&1 &
    local tracer=$!; STARTED+=("$tracer")
    await_output "$tracer" "$out" attached
    "$LOOP" --pairs "$pairs"
    kill "$tracer"; wait "$tracer" || true
}

# The traced loop's floor on the socket path: a record of ntpscope's size per datagram, copied
# into a ring buffer by programs that do nothing else.
overhead_floor_sock_submit() {
    local pairs=$1 out=$WORK/floor.out
    start_waiting_loop "floor.$RANDOM" --pairs "$pairs"
    "$BUILD/bench/rawtp_floor" --sock-submit "$LOOP_PID" > "$out" 2>&1 &
    local tracer=$!; STARTED+=("$tracer")
    await_output "$tracer" "$out" attached
    go_loop "$LOOP_GO"
    wait "$LOOP_PID"
    kill "$tracer"; wait "$tracer" || true
    tail -n 1 "$LOOP_OUT"
}

overhead_strace() {
    local pairs=$1 out=$WORK/strace.out
    # Payloads in full (-s 1024 -xx), as ntpscope records them.
    local line; line=$(strace -f -qq -s 1024 -xx -e trace=sendto,recvmsg -o "$out" "$LOOP" --pairs "$pairs")
    echo "$line captured=$(grep -cE '(sendto|recvmsg)\(' "$out") lost=0 expected=$((2 * pairs))"
    rm -f "$out"
}

overhead_bpftrace() {
    local pairs=$1 out=$WORK/bpftrace.out
    start_waiting_loop "bpftrace.$RANDOM" --pairs "$pairs"
    BPFTRACE_STRLEN=200 bpftrace -e "$BPFTRACE_PROGRAM" "$LOOP_PID" > "$out" 2> "$out.err" &
    local tracer=$!; STARTED+=("$tracer")
    await_output "$tracer" "$out" Attaching
    go_loop "$LOOP_GO"
    wait "$LOOP_PID"
    sleep 0.5   # let bpftrace print what its perf buffers still hold
    kill -INT "$tracer"; wait "$tracer" || true
    local lost; lost=$(awk '/^Lost [0-9]+ events/ {s += $2} END {print s + 0}' "$out")
    echo "$(tail -n 1 "$LOOP_OUT") captured=$(grep -cE '^(sendto|recvmsg) fd=' "$out") lost=$lost expected=$((2 * pairs))"
    rm -f "$out"
}

overhead_label() {
    case $1 in
    floor_rawtp) echo "empty programs on the raw tracepoints (floor)" ;;
    floor_syscall_tp) echo "empty programs on the sendto/recvmsg syscall tracepoints (floor)" ;;
    floor_sock_tp) echo "empty programs on the socket tracepoints (floor, socket path)" ;;
    floor_sock_submit) echo "socket tracepoints, records of ntpscope's size only (floor, traced)" ;;
    ntpscope) echo "ntpscope (socket path)" ;;
    ntpscope_syscall) echo "ntpscope --attach syscall" ;;
    untargeted) echo "untargeted (socket path)" ;;
    untargeted_syscall) echo "untargeted, --attach syscall" ;;
    untraced_getppid) echo "getppid loop, untraced" ;;
    untargeted_getppid) echo "getppid loop, untargeted (socket path)" ;;
    untargeted_getppid_syscall) echo "getppid loop, untargeted, --attach syscall" ;;
    *) echo "$1" ;;
    esac
}

run_overhead() {
    local mode pairs line also modes=(untraced ntpscope ntpscope_syscall untargeted untargeted_syscall
        untraced_getppid untargeted_getppid untargeted_getppid_syscall bpftrace strace)
    if [ -x "$BUILD/bench/rawtp_floor" ]; then modes+=(floor_rawtp floor_syscall_tp floor_sock_tp floor_sock_submit); fi
    note "overhead: $REPEATS rounds of ${modes[*]} ${ALSO[*]}, $PAIRS pairs each ($STRACE_PAIRS under strace)"
    for also in "${ALSO[@]}"; do modes+=("also:$also"); done
    for ((r = 1; r <= REPEATS; r++)); do
        for mode in "${modes[@]}"; do
            pairs=$PAIRS; [ "$mode" = strace ] && pairs=$STRACE_PAIRS
            case $mode in
            also:*) line=$(overhead_ntpscope "$pairs" "${mode#also:*=}" | tail -n 1); mode=${mode#also:}; mode=${mode%%=*} ;;
            *) line=$(overhead_$mode "$pairs" | tail -n 1) ;;
            esac
            echo "$line" >> "$WORK/overhead.$mode"
            note "  round $r $mode: $line"
        done
    done
    # Each loop against its own untraced baseline: the UDP pair's, or getppid's.
    local base_cpu base_wall udp_cpu udp_wall getppid_cpu getppid_wall
    udp_cpu=$(while read -r l; do field "$l" cpu_ns_per_pair; done < "$WORK/overhead.untraced" | median)
    udp_wall=$(while read -r l; do field "$l" wall_ns_per_pair; done < "$WORK/overhead.untraced" | median)
    getppid_cpu=$(while read -r l; do field "$l" cpu_ns_per_pair; done < "$WORK/overhead.untraced_getppid" | median)
    getppid_wall=$(while read -r l; do field "$l" wall_ns_per_pair; done < "$WORK/overhead.untraced_getppid" | median)
    for mode in "${modes[@]}"; do
        mode=${mode#also:}; mode=${mode%%=*}
        local cpu wall captured expected lost
        case $mode in
        *getppid*) base_cpu=$getppid_cpu base_wall=$getppid_wall ;;
        *) base_cpu=$udp_cpu base_wall=$udp_wall ;;
        esac
        cpu=$(while read -r l; do field "$l" cpu_ns_per_pair; done < "$WORK/overhead.$mode" | median)
        wall=$(while read -r l; do field "$l" wall_ns_per_pair; done < "$WORK/overhead.$mode" | median)
        lost=$(while read -r l; do field "$l" lost; done < "$WORK/overhead.$mode" | awk '{s += $1} END {print s + 0}')
        captured=$(while read -r l; do field "$l" captured; done < "$WORK/overhead.$mode" | awk '{s += $1} END {print s + 0}')
        expected=$(while read -r l; do field "$l" expected; done < "$WORK/overhead.$mode" | awk '{s += $1} END {print s + 0}')
        local events="-"
        case $mode in
        untraced* | untargeted* | floor_rawtp | floor_syscall_tp | floor_sock_tp) ;;
        floor_sock_submit) events="added $(awk -v c="$cpu" -v b="$base_cpu" 'BEGIN {printf "%.0f", (c - b) / 2}') ns/event" ;;
        *) events="$captured/$expected events, lost $lost, added $(awk -v c="$cpu" -v b="$base_cpu" 'BEGIN {printf "%.0f", (c - b) / 2}') ns/event" ;;
        esac
        row overhead "$(overhead_label "$mode")" "$(printf 'cpu %7.0f ns/pair (x%s)  wall %7.0f ns/pair (x%s)  %s' \
            "$cpu" "$(ratio "$cpu" "$base_cpu")" "$wall" "$(ratio "$wall" "$base_wall")" "$events")"
    done
    if [ "$BPF_STATS" = 1 ]; then
        line=$(overhead_ntpscope "$PAIRS" "$NTPSCOPE" stats | tail -n 1)
        row overhead "bpf handlers" "$(grep -oE '((enter|exit)_[a-z]+|sock_(send|recv))=[0-9]+ns' <<< "$line" | tr '\n' ' ')(kernel.bpf_stats_enabled, one extra run; each an average over every syscall on the host, the filtered-out ones included)"
    fi
}

# ---------------------------------------------------------------------------------------------
# 2. Loss-free capacity
# ---------------------------------------------------------------------------------------------
# CPU seconds (user + system) a live process has used so far.
cpu_seconds() {
    awk -v hz="$(getconf CLK_TCK)" '{print ($14 + $15) / hz}' "/proc/$1/stat"
}

# capacity_run RATE OUTPUT [RECORD_OPTION...]: a CAPACITY_SECONDS recording of loops producing
# RATE events/s in total; prints "target=.. achieved=.. lost=.. consumer_cpu=.. limit=..".
# RECORDER (default: this build's ntpscope) is the binary that records; LOOP_MODE (default
# NTP batches of BATCH) the loops' pair_loop options, PROCESS_RATE the most one loop is asked for.
capacity_run() {
    local rate=$1 output=$2 procs i recorder=${RECORDER:-$NTPSCOPE} per_process=${PROCESS_RATE:-$PER_PROCESS_RATE}
    local mode=(${LOOP_MODE:---batch $BATCH})
    shift 2
    procs=$(( (rate + per_process - 1) / per_process ))
    local pids=() gos=() outs=() pid_args=()
    for ((i = 0; i < procs; i++)); do
        start_waiting_loop "capacity.$rate.$i.$RANDOM" --seconds "$CAPACITY_SECONDS" --rate $((rate / procs)) "${mode[@]}"
        pids+=("$LOOP_PID"); gos+=("$LOOP_GO"); outs+=("$LOOP_OUT"); pid_args+=(--pid "$LOOP_PID")
    done
    local err=$WORK/capacity.err times=$WORK/capacity.times
    # Not -q: with /dev/null as the trace, stderr's summary is where the counts are.
    /usr/bin/time -f "%e %U %S" -o "$times" "$recorder" record "${pid_args[@]}" -o "$output" "$@" 2> "$err" &
    local rec=$!; STARTED+=("$rec")
    # Attached once the ring buffer's epoll fd exists (it is opened after the programs are
    # attached, right before the targets are added): the only sign when the trace is /dev/null.
    local recorder_pid
    # /usr/bin/time has one child, the recorder (by parent only: comm is cut to 15 characters).
    until recorder_pid=$(pgrep -P "$rec") &&
          ls -l "/proc/$recorder_pid/fd" 2>/dev/null | grep -q eventpoll; do
        # This runs in a $(...) subshell: the exit trap does not know these loops, so end them here.
        kill -0 "$rec" 2>/dev/null || { note "record exited early: $(cat "$err")"; kill "${pids[@]}"; return 1; }
        sleep 0.05
    done
    sleep 0.3
    # Loading and verifying the BPF programs costs ~0.4 s of CPU once: not a per-event cost.
    local setup_cpu; setup_cpu=$(cpu_seconds "$recorder_pid")
    for g in "${gos[@]}"; do go_loop "$g"; done
    for p in "${pids[@]}"; do wait "$p"; done
    wait "$rec" || true
    local produced=0 wall_max=0 loops_cpu_ns=0
    for o in "${outs[@]}"; do
        local l; l=$(tail -n 1 "$o")
        produced=$((produced + $(field "$l" events)))
        loops_cpu_ns=$((loops_cpu_ns + $(field "$l" cpu_ns)))
        wall_max=$(awk -v a="$wall_max" -v b="$(field "$l" wall_ns)" 'BEGIN {print (b > a) ? b : a}')
    done
    local written lost
    if [ -f "$output" ]; then   # the footer, as a user would read it
        written=$(footer_field "$output" events); lost=$(footer_field "$output" lost)
    else
        written=$(sed -n 's/.*: \([0-9]*\) events written.*/\1/p' "$err")
        lost=$(sed -n 's/.* \([0-9]*\) events were lost.*/\1/p' "$err"); lost=${lost:-0}
    fi
    # The last line: /usr/bin/time puts "Command exited with non-zero status 3" before it.
    read -r rec_wall rec_user rec_sys < <(tail -n 1 "$times")
    local achieved missing limit consumer_pct
    achieved=$(awk -v e="$produced" -v w="$wall_max" 'BEGIN {printf "%.0f", e * 1e9 / w}')
    missing=$((produced + procs - written))   # + each loop's exit event
    # The socket path also writes each socket's state when it first sees it: at most one record
    # per socket, two sockets per loop. Counted in the file; bounded for /dev/null.
    if [ -f "$output" ]; then
        missing=$((missing + $(grep -c '"via":"socket-state"' "$output" || true)))
    elif [ "$missing" -lt 0 ] && [ "$missing" -ge $((-2 * procs)) ]; then
        missing=0
    fi
    consumer_pct=$(awk -v u="$rec_user" -v s="$rec_sys" -v b="$setup_cpu" -v w="$wall_max" 'BEGIN {printf "%.0f", 100 * (u + s - b) * 1e9 / w}')
    # Loss means the ring overflowed: the recorder fell behind, because its one thread used a
    # whole core (recorder), or in bursts with CPU to spare (ring). A shortfall without loss
    # means the loops could not go faster: the producers' CPU (traced syscalls + BPF), shared
    # with the recorder on this 2-core machine.
    if [ "$lost" != 0 ] || [ "$missing" != 0 ]; then
        if [ "$consumer_pct" -ge 90 ]; then limit=recorder; else limit=ring; fi
    elif [ "$achieved" -lt $((rate * 95 / 100)) ]; then limit=producers
    else limit=none; fi
    echo "target=$rate procs=$procs achieved=$achieved" \
         "produced=$produced written=$written missing=$missing lost=$lost limit=$limit" \
         "loops_cpus=$(awk -v c="$loops_cpu_ns" -v w="$wall_max" 'BEGIN {printf "%.2f", c / w}')" \
         "loops_ns_per_event=$(awk -v c="$loops_cpu_ns" -v n="$produced" 'BEGIN {printf "%.0f", c / n}')" \
         "consumer_cpu=$consumer_pct%" \
         "consumer_ns_per_event=$(awk -v u="$rec_user" -v s="$rec_sys" -v b="$setup_cpu" -v n="$written" 'BEGIN {printf "%.0f", n ? (u + s - b) * 1e9 / n : 0}')" \
         "setup_cpu_s=$setup_cpu load=$(cut -d' ' -f1 /proc/loadavg)"
    # Only our own trace file: OUTPUT may be /dev/null, and this runs as root.
    case $output in "$WORK"/*) rm -f "$output" ;; esac
}

# capacity_series NAME RATES: a recording to a file at each rate, then the series' highest
# loss-free rate and its knee: the first rate with a limit, and which part ran out.
capacity_series() {
    local name=$1 rates=$2 rate line best=0 first_loss="" knee="" mode=(${LOOP_MODE:---batch $BATCH})
    # The same loop untraced, flat out: its CPU per event is the kernel's part of the producers'
    # cost; the traced runs' excess over it is BPF's (programs + ring reservation).
    line=$("$LOOP" "${mode[@]}" --seconds "$CAPACITY_SECONDS")
    local untraced_ns; untraced_ns=$(awk -v c="$(field "$line" cpu_ns)" -v n="$(field "$line" events)" 'BEGIN {printf "%.0f", c / n}')
    row capacity "$name, untraced loop" "loop_ns_per_event=$untraced_ns events_per_s=$(field "$line" events_per_s) (one loop, flat out)"
    for rate in $rates; do
        line=$(capacity_run "$rate" "$WORK/capacity.trace")
        note "  $name, to file: $line"
        row capacity "$name, $rate/s" "$line"
        local lost achieved missing limit
        lost=$(field "$line" lost); achieved=$(field "$line" achieved); missing=$(field "$line" missing); limit=$(field "$line" limit)
        if [ "$lost" = 0 ] && [ "$missing" = 0 ]; then
            if [ "$achieved" -gt "$best" ]; then best=$achieved; fi
        elif [ -z "$first_loss" ]; then
            first_loss=$rate
        fi
        if [ -z "$knee" ] && [ "$limit" != none ]; then
            knee="$rate/s target: $limit (achieved $achieved/s; recorder $(field "$line" consumer_cpu) of a core,"
            knee+=" $(field "$line" consumer_ns_per_event) ns/event; loops $(field "$line" loops_cpus) CPUs,"
            knee+=" $(field "$line" loops_ns_per_event) ns/event traced vs $untraced_ns untraced)"
        fi
    done
    row capacity "$name: loss-free" "$best events/s achieved with 0 lost and 0 missing${first_loss:+ (first loss at a $first_loss/s target)}"
    local legend="producers: the loops fell short, nothing lost; recorder: lost, recorder >= 90% of a core; ring: lost, recorder below that"
    row capacity "$name: knee" "${knee:-not reached at $(echo "$rates" | awk '{print $NF}')/s} ($legend)"
}

run_capacity() {
    note "capacity: ${CAPACITY_SECONDS}s recordings; NTP loops in batches of $BATCH at $RATES events/s, empty reads at $EMPTY_RATES"
    capacity_series "NTP batch $BATCH" "$RATES"
    local top line; top=$(echo "$RATES" | awk '{print $NF}')
    line=$(capacity_run "$top" /dev/null)
    note "  /dev/null: $line"
    row capacity "NTP batch $BATCH, /dev/null, $top/s" "$line"
    local ring
    for ring in $RINGS; do
        line=$(capacity_run "$top" "$WORK/capacity.trace" --ring-kib "$ring")
        note "  ring $ring KiB: $line"
        row capacity "NTP batch $BATCH, ring $ring KiB, $top/s" "$line"
    done
    local also
    for also in "${ALSO[@]}"; do
        line=$(RECORDER=${also#*=} capacity_run "$top" "$WORK/capacity.trace")
        note "  ${also%%=*}: $line"
        row capacity "${also%%=*}, NTP batch $BATCH, to file, $top/s" "$line"
    done
    # Cheap events: the pipeline's own knee (BPF -> ring -> recorder -> file).
    LOOP_MODE=--empty-reads PROCESS_RATE=$EMPTY_PER_PROCESS_RATE capacity_series "empty reads" "$EMPTY_RATES"
    top=$(echo "$EMPTY_RATES" | awk '{print $NF}')
    line=$(LOOP_MODE=--empty-reads PROCESS_RATE=$EMPTY_PER_PROCESS_RATE capacity_run "$top" /dev/null)
    note "  empty reads, /dev/null: $line"
    row capacity "empty reads, /dev/null, $top/s" "$line"
}

# ---------------------------------------------------------------------------------------------
# 3. Analysis throughput and peak RSS
# ---------------------------------------------------------------------------------------------
# timed LABEL COUNT CMD...: runs CMD under /usr/bin/time -v; prints "COUNT/CPU-second RSS_MB WALL_S".
timed() {
    local label=$1 events=$2; shift 2
    local tv=$WORK/time.v
    /usr/bin/time -v "$@" > /dev/null 2> "$tv" || { note "$label failed: $(grep -v '^\s' "$tv" | tail -n 2)"; return 0; }
    local user sys wall rss
    user=$(sed -n 's/.*User time (seconds): //p' "$tv")
    sys=$(sed -n 's/.*System time (seconds): //p' "$tv")
    wall=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$tv" | awk -F: '{s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; print s}')
    rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$tv")
    # time's CPU figures come in 10 ms steps: nan for a run too short to time, not infinity.
    echo "$(awk -v n="$events" -v u="$user" -v s="$sys" 'BEGIN {if (u + s > 0) printf "%.1f", n / (u + s); else print "nan"}') $(awk -v r="$rss" 'BEGIN {printf "%.1f", r / 1024}') $wall"
}

run_analysis() {
    local has_summary=0 has_diff=0
    "$NTPSCOPE" --help | grep -qE '^ +summary ' && has_summary=1
    "$NTPSCOPE" --help | grep -qE '^ +diff ' && has_diff=1
    local size
    for size in $SIZES; do
        note "analysis: generating two ${size}-event traces"
        "$GEN" -n "$size" --seed 1 -o "$WORK/good.trace"
        "$GEN" -n "$size" --seed 2 -o "$WORK/bad.trace"
        local mb; mb=$(( $(stat -c %s "$WORK/good.trace") / 1000000 ))
        local label cmd
        for label in "read only" "HostAnalyzer" summary diff; do
            local events=$size
            case $label in
            "read only") cmd=("$ANALYZE" --read-only "$WORK/good.trace") ;;
            HostAnalyzer) cmd=("$ANALYZE" "$WORK/good.trace") ;;
            summary) [ $has_summary = 1 ] || { row analysis "summary, $size events" "pending: no 'ntpscope summary' in this build"; continue; }
                     cmd=("$NTPSCOPE" summary "$WORK/good.trace") ;;
            diff) [ $has_diff = 1 ] || { row analysis "diff, 2 x $size events" "pending: no 'ntpscope diff' in this build"; continue; }
                  cmd=("$NTPSCOPE" diff "$WORK/good.trace" "$WORK/bad.trace"); events=$((2 * size)) ;;
            esac
            local runs=() r
            for ((r = 1; r <= 3; r++)); do runs+=("$(timed "$label" "$events" "${cmd[@]}")"); done
            local rate rss wall
            rate=$(printf '%s\n' "${runs[@]}" | awk '{print $1 / 1e6}' | median)
            rss=$(printf '%s\n' "${runs[@]}" | awk '{print $2}' | median)
            wall=$(printf '%s\n' "${runs[@]}" | awk '{print $3}' | median)
            local name="$label, $size events"; [ "$label" = diff ] && name="diff, 2 x $size events"
            row analysis "$name" "$(printf '%6.2f M events/CPU-s  peak RSS %6.1f MB  wall %5.1f s  (%d MB per trace, median of 3)' "$rate" "$rss" "$wall" "$mb")"
        done
        rm -f "$WORK/good.trace" "$WORK/bad.trace"
    done
}

# ---------------------------------------------------------------------------------------------
# 4. Import throughput
# ---------------------------------------------------------------------------------------------
# timed_import LABEL UNIT COUNT CMD...: COUNT units (MB, packets) per CPU-second, median of 3.
timed_import() {
    local label=$1 unit=$2 count=$3; shift 3
    local runs=() r
    for ((r = 1; r <= 3; r++)); do runs+=("$(timed "$label" "$count" "$@")"); done
    local rate rss
    rate=$(printf '%s\n' "${runs[@]}" | awk '{print $1}' | median)
    rss=$(printf '%s\n' "${runs[@]}" | awk '{print $2}' | median)
    printf '%10.0f %s/CPU-s  peak RSS %6.1f MB  (median of 3)' "$rate" "$unit" "$rss"
}

run_import() {
    # strace text: real strace output of the loop, NTP on port 123 in a namespace of our own.
    note "import: strace -f -tt -T -yy -xx -s 1024 of $IMPORT_PAIRS pairs (takes ~$((IMPORT_PAIRS / 10000)) s)"
    ip netns add "$IMPORT_NS"
    ip -n "$IMPORT_NS" link set lo up
    ip netns exec "$IMPORT_NS" strace -f -tt -T -yy -xx -s 1024 -e trace=sendto,recvmsg -o "$WORK/loop.strace" \
        "$LOOP" --pairs "$IMPORT_PAIRS" --port 123 > /dev/null
    ip netns del "$IMPORT_NS"
    local mb; mb=$(awk -v b="$(stat -c %s "$WORK/loop.strace")" 'BEGIN {printf "%.1f", b / 1e6}')
    row import "strace text, read only" "$(timed_import strace MB "$mb" "$ANALYZE" --read-only "$WORK/loop.strace") ($mb MB)"
    row import "strace text, HostAnalyzer" "$(timed_import strace MB "$mb" "$ANALYZE" "$WORK/loop.strace")"
    rm -f "$WORK/loop.strace"

    # pcap: the synthetic client's packets, exported by ntpscope and rewritten as classic pcap.
    note "import: pcap of a $PCAP_EVENTS-event synthetic trace"
    "$GEN" -n "$PCAP_EVENTS" -o "$WORK/pcap.trace"
    "$NTPSCOPE" export "$WORK/pcap.trace" -o "$WORK/export.pcapng"
    editcap -F pcap "$WORK/export.pcapng" "$WORK/capture.pcap"
    rm -f "$WORK/pcap.trace" "$WORK/export.pcapng"
    local packets; packets=$(capinfos -c -M "$WORK/capture.pcap" | awk '/Number of packets/ {print $NF}')
    row import "pcap, read only" "$(timed_import pcap packets "$packets" "$ANALYZE" --read-only "$WORK/capture.pcap") ($packets packets)"
    row import "pcap, HostAnalyzer" "$(timed_import pcap packets "$packets" "$ANALYZE" "$WORK/capture.pcap")"
    row import "pcap, tshark -Y ntp" "$(timed_import tshark packets "$packets" tshark -r "$WORK/capture.pcap" -Y ntp -T fields -e ntp.flags.mode)"
    rm -f "$WORK/capture.pcap"
}

# Other engineers' recordings on this machine run their BPF programs on every traced syscall of
# every process, ours included: wait (up to 10 minutes) until none is attached, and say so if
# some still are.
# One entry program per recording: per syscall in the first BPF (enter_sendto), one for all
# syscalls since (enter_syscall, or enter_probe on kernels before 6.2).
foreign_tracers() { bpftool prog show 2>/dev/null | grep -cE 'name (enter_sendto|enter_syscall|enter_probe) ' || true; }
await_quiet() {
    local waited=0
    while [ "$(foreign_tracers)" -gt 0 ] && [ $waited -lt "$QUIET_WAIT" ]; do
        [ $waited = 0 ] && note "waiting for $(foreign_tracers) other ntpscope recordings on this machine to end"
        sleep 5; waited=$((waited + 5))
    done
    row "$1" "conditions" "load average $(cut -d' ' -f1-3 /proc/loadavg), other ntpscope recordings attached: $(foreign_tracers)"
}

for section in overhead capacity analysis import; do
    case ",$ONLY," in *",$section,"*) await_quiet "$section"; run_$section ;; esac
done

echo
machine_line
awk -F'|' '{ if ($1 != last) { printf "\n== %s\n", $1; last = $1 } printf "  %-28s %s\n", $2, $3 }' "$RESULTS"
