#!/usr/bin/env bash
# `ntpscope fleet` at scale (issue 15): fleets of N generated hosts, each a trace of 24 h of an
# ntpd multicast client (bench/gen_fleet: every 3rd host restarted, every 50th with the seed's
# fault), each fleet read in one run. Prints per size the events read, the median wall and CPU
# time (user + system) over the repeats, events per CPU-second and the peak RSS; then the same
# for `ntpscope summary` on one trace of the same kind with as many events as a 100-host fleet,
# the rate fleet is held to. No root needed. docs/performance.md ("fleet") has the figures.
#
#   bench/fleet_scale.sh [--build DIR] [--dir DIR] [--hours H] [--repeats N] [--jobs J] [SIZES...]
#
# Defaults: --build build, --dir /tmp/ntpscope-fleet, --hours 24, --repeats 3, sizes 100 300 1000,
# jobs: fleet's default (one per core). The largest fleet is generated once into DIR/hosts and
# reused by later runs with the same hours; each size reads the first N hosts through DIR/N, a
# directory of symlinks. About 3.4 MB of disk per host-day.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=$ROOT/build
DIR=/tmp/ntpscope-fleet
HOURS=24
REPEATS=3
JOBS=()
SIZES=()
while [ $# -gt 0 ]; do
    case $1 in
    --build) BUILD=$(realpath "$2"); shift ;;
    --dir) DIR=$2; shift ;;
    --hours) HOURS=$2; shift ;;
    --repeats) REPEATS=$2; shift ;;
    --jobs) JOBS=(-j "$2"); shift ;;
    -h | --help) sed -n '2,16p' "$0"; exit 0 ;;
    -*) echo "fleet_scale.sh: unknown option $1 (try --help)" >&2; exit 2 ;;
    *) SIZES+=("$1") ;;
    esac
    shift
done
[ ${#SIZES[@]} -gt 0 ] || SIZES=(100 300 1000)
NTPSCOPE=$BUILD/ntpscope
GEN=$BUILD/bench/gen_fleet
for bin in "$NTPSCOPE" "$GEN"; do
    [ -x "$bin" ] || { echo "fleet_scale.sh: $bin missing: cmake --build $BUILD --target ntpscope gen_fleet" >&2; exit 2; }
done

largest=$(printf '%s\n' "${SIZES[@]}" | sort -n | tail -1)
mkdir -p "$DIR/hosts"
stamp="hosts=$largest hours=$HOURS"
if [ "$(cat "$DIR/hosts/GENERATED" 2>/dev/null)" != "$stamp" ]; then
    rm -f "$DIR"/hosts/*
    start=$(date +%s.%N)
    "$GEN" -n "$largest" --hours "$HOURS" -o "$DIR/hosts" >/dev/null
    echo "$stamp" >"$DIR/hosts/GENERATED"
    printf 'generated %s hosts x %s h in %.1f s (%s)\n' "$largest" "$HOURS" "$(echo "$(date +%s.%N) - $start" | bc)" \
        "$(du -sh "$DIR/hosts" | cut -f1)"
fi

# median of the numbers on stdin
median() { sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

# measure NAME EVENTS COMMAND...: REPEATS runs under /usr/bin/time; prints one table row.
measure() {
    local name=$1 events=$2; shift 2
    local walls=() cpus=() rss=()
    for _ in $(seq "$REPEATS"); do
        local status=0
        /usr/bin/time -o "$DIR/time" -f "%e %U %S %M" "$@" >/dev/null 2>"$DIR/stderr" || status=$?
        [ "$status" -le 1 ] || { echo "fleet_scale.sh: $* exited $status: $(cat "$DIR/stderr")" >&2; exit 1; }
        read -r wall user sys kb < <(tail -1 "$DIR/time")
        walls+=("$wall"); cpus+=("$(echo "$user + $sys" | bc)"); rss+=("$kb")
    done
    local wall cpu kb
    wall=$(printf '%s\n' "${walls[@]}" | median)
    cpu=$(printf '%s\n' "${cpus[@]}" | median)
    kb=$(printf '%s\n' "${rss[@]}" | sort -n | tail -1)
    printf '| %s | %s | %.2f | %.2f | %.2f M | %.0f |\n' "$name" "$events" "$wall" "$cpu" \
        "$(echo "$events / $cpu / 1000000" | bc -l)" "$(echo "$kb / 1024" | bc -l)"
}

echo "load average: $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) CPUs; $REPEATS runs each, medians"
echo "| run | events | wall s | CPU s | events/CPU-s | peak RSS MB |"
echo "| --- | ---: | ---: | ---: | ---: | ---: |"
for n in "${SIZES[@]}"; do
    rm -rf "${DIR:?}/$n" && mkdir "$DIR/$n"
    find "$DIR/hosts" -name '*.trace' | sort | head -n "$n" | while read -r f; do ln -s "$f" "$DIR/$n/"; done
    "$NTPSCOPE" fleet "$DIR/$n" -f json -o "$DIR/report.json" "${JOBS[@]}" || [ $? = 1 ]
    events=$(python3 -c 'import json,sys; print(sum(h["events"] for h in json.load(open(sys.argv[1]))["hosts"]))' "$DIR/report.json")
    measure "fleet, $n hosts" "$events" "$NTPSCOPE" fleet "$DIR/$n" -f json -o "$DIR/report.json" "${JOBS[@]}"
done

# summary's rate on the same kind of trace: one host as long as a 100-host fleet.
mkdir -p "$DIR/single"
if [ "$(cat "$DIR/single/GENERATED" 2>/dev/null)" != "hours=$((HOURS * 100))" ]; then
    "$GEN" -n 1 --hours $((HOURS * 100)) --stuck-every 0 -o "$DIR/single" >/dev/null
    echo "hours=$((HOURS * 100))" >"$DIR/single/GENERATED"
fi
events=$("$NTPSCOPE" summary "$DIR/single/client-0000.trace" -f json | python3 -c 'import json,sys; print(json.load(sys.stdin)["trace"]["events"])')
measure "summary, one trace of $((HOURS * 100)) h" "$events" "$NTPSCOPE" summary "$DIR/single/client-0000.trace"
