#!/bin/bash
# Soak of `ntpscope watch` (issue 16, docs/performance.md): a pair_loop making RATE trace events
# per second for SECONDS, watched into rotating segments under a disk budget with the metrics
# server on; watch's RSS is sampled every minute. Needs root (BPF).
#
#   bench/watch_soak.sh [--build DIR] [--seconds 3600] [--rate 10000] [--sample 60] [--out FILE]
#
# Prints one line per sample ("minute rss_kib events lost segments disk_mib") and a last line
# with first/last/max RSS. The recorder is reniced to +10 once attached: on a shared machine the
# soak must not take CPU from others, and events it loses that way are counted, not hidden.
set -euo pipefail

BUILD=build-watch
DURATION=3600
RATE=10000
SAMPLE=60
OUT=/dev/stdout
while [ $# -gt 0 ]; do
    case $1 in
    --build) BUILD=$2; shift ;;
    --seconds) DURATION=$2; shift ;;
    --rate) RATE=$2; shift ;;
    --sample) SAMPLE=$2; shift ;;
    --out) OUT=$2; shift ;;
    -h | --help) sed -n '2,11p' "$0"; exit 0 ;;
    *) echo "watch_soak.sh: unknown option $1 (try --help)" >&2; exit 2 ;;
    esac
    shift
done
[ "$(id -u)" = 0 ] || { echo "watch_soak.sh: needs root (BPF)" >&2; exit 2; }
for bin in "$BUILD/ntpscope" "$BUILD/bench/pair_loop"; do
    [ -x "$bin" ] || { echo "watch_soak.sh: $bin missing: ninja -C $BUILD ntpscope pair_loop" >&2; exit 2; }
done

WORK=$(mktemp -d /tmp/ntpscope-soak.XXXXXX)
# Copies: a rebuild during the hour must not change what is measured.
cp "$BUILD/ntpscope" "$BUILD/bench/pair_loop" "$WORK/"
STARTED=()
cleanup() {
    for pid in "${STARTED[@]}"; do kill "$pid" 2>/dev/null || true; done
    rm -rf "$WORK"
}
trap cleanup EXIT
PORT=$((20000 + $$ % 10000))

"$WORK/pair_loop" --seconds $((DURATION + 30)) --rate "$RATE" > "$WORK/loop.out" &
LOOP_PID=$!
STARTED+=("$LOOP_PID")
"$WORK/ntpscope" watch --pid "$LOOP_PID" --dir "$WORK/segments" --segment 10m --max-disk 2G \
    --metrics-listen "127.0.0.1:$PORT" --duration "${DURATION}s" 2> "$WORK/watch.log" &
WATCH_PID=$!
STARTED+=("$WATCH_PID")
until ls "$WORK"/segments/*.trace > /dev/null 2>&1; do
    kill -0 "$WATCH_PID" 2>/dev/null || { cat "$WORK/watch.log" >&2; exit 1; }
    sleep 0.1
done
renice -n 10 -p "$WATCH_PID" > /dev/null

metric() { curl -s "http://127.0.0.1:$PORT/metrics" | awk -v m="$1" '$1 == m {print $2}'; }
rss_kib() { awk '/^VmRSS:/ {print $2}' "/proc/$WATCH_PID/status" 2>/dev/null; }
echo "minute rss_kib events lost segments disk_mib" > "$OUT"
RSS=()
minute=0
while kill -0 "$WATCH_PID" 2>/dev/null; do
    rss=$(rss_kib) || break
    [ -n "$rss" ] || break
    RSS+=("$rss")
    echo "$minute $rss $(metric ntpscope_events_total) $(metric ntpscope_events_lost_total)" \
        "$(ls "$WORK"/segments | wc -l) $(du -sm "$WORK/segments" | cut -f1)" >> "$OUT"
    minute=$((minute + 1))
    sleep "$SAMPLE"
done
wait "$WATCH_PID" || { echo "watch_soak.sh: watch failed:" >&2; cat "$WORK/watch.log" >&2; exit 1; }
last=$(ls "$WORK"/segments/*.trace | tail -n 1)
"$WORK/ntpscope" summary "$last" > /dev/null 2> "$WORK/summary.err" ||
    { echo "watch_soak.sh: the last segment does not read back:" >&2; cat "$WORK/summary.err" >&2; exit 1; }
max=$(printf '%s\n' "${RSS[@]}" | sort -n | tail -n 1)
echo "rss_kib first=${RSS[0]} last=${RSS[-1]} max=$max samples=${#RSS[@]}" \
    "rotations=$(grep -c 'writing segment' "$WORK/watch.log") deleted=$(grep -c 'deleted the oldest' "$WORK/watch.log")" \
    "watch_log_warnings=$(grep -c 'warning' "$WORK/watch.log")" >> "$OUT"
