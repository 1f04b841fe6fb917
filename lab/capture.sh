#!/usr/bin/env bash
# Records the lab's clients at the same time with `ntpscope record`, one recorder per client,
# then compares them: the good and the bad client with `ntpscope diff`, a fleet lab's clients
# with `ntpscope fleet`, in the formats asked for. Runs inside a lab:
#   lab/lab.sh run SCENARIO -- lab/capture.sh [options] OUTDIR
# Writes OUTDIR/good.jsonl, bad.jsonl and per format findings.txt, report.md, diff.json,
# report.html; in a fleet lab OUTDIR/traces/cNN.jsonl and fleet.txt, fleet.md, fleet.json,
# fleet.html. The recorders' and the analysis' stderr and exit statuses go to OUTDIR/logs/.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

usage() {
    cat <<EOF
usage: lab/capture.sh [--duration 75s] [--formats text,markdown,json,html] [--pair ntpsec|chrony]
                      [--quiet] [--lab-logs] OUTDIR
  --duration   how long to record (default 75s)
  --formats    diff (fleet) outputs to write (default: all four)
  --pair       which pair to record: the NTPsec pair (default) or the chrony pair; a fleet
               lab records all its clients
  --quiet      no progress line
  --lab-logs   also copy the lab's configs and daemon logs to OUTDIR/lab
EOF
}

duration=75s
formats=text,markdown,json,html
pair=ntpsec
quiet=0
lab_logs=0
while (($# > 0)); do
    case $1 in
        --duration) duration=${2:?}; shift ;;
        --formats) formats=${2:?}; shift ;;
        --pair) pair=${2:?}; shift ;;
        --quiet) quiet=1 ;;
        --lab-logs) lab_logs=1 ;;
        -h | --help) usage; exit 0 ;;
        -*) usage >&2; exit 2 ;;
        *) break ;;
    esac
    shift
done
(($# == 1)) || { usage >&2; exit 2; }
out=$1
[[ -n ${LAB_STATE:-} ]] || { echo "capture: run me inside a lab: lab/lab.sh run SCENARIO -- $0 ..." >&2; exit 2; }
NTPSCOPE=${NTPSCOPE:-${LAB_BUILD:?}/ntpscope}
[[ -x $NTPSCOPE ]] || { echo "capture: $NTPSCOPE not found; build it first (make build)" >&2; exit 2; }

# One recorder per client, not one with several --pid: a trace is one host to diff and fleet.
# targets: NAME=PID, each recorded to $traces/NAME.jsonl.
if [[ -n ${LAB_FLEET_CLIENT_PIDS:-} ]]; then
    read -ra targets <<<"$LAB_FLEET_CLIENT_PIDS"
    traces=$out/traces
    analysis=(fleet "$traces")
    declare -A file_of=([text]=fleet.txt [markdown]=fleet.md [json]=fleet.json [html]=fleet.html)
else
    case $pair in
        ntpsec) targets=("good=$LAB_GOOD_PID" "bad=$LAB_BAD_PID") ;;
        chrony) targets=("good=${LAB_CHRONY_GOOD_PID:?the lab runs no chrony clients; start it with --chrony}"
            "bad=$LAB_CHRONY_BAD_PID") ;;
        *) usage >&2; exit 2 ;;
    esac
    traces=$out
    analysis=(diff "$out/good.jsonl" "$out/bad.jsonl")
    declare -A file_of=([text]=findings.txt [markdown]=report.md [json]=diff.json [html]=report.html)
fi

mkdir -p "$out/logs" "$traces"
names=("${targets[@]%%=*}")
for name in "${names[@]}"; do
    rm -f "$traces/$name.jsonl"
done

# The recorders are ours: stop them if we are stopped.
recorders=() watchers=()
trap 'lab_stop_jobs "${recorders[@]+"${recorders[@]}"}" "${watchers[@]+"${watchers[@]}"}"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# ntpq_before_end PID NAME SECONDS: in a classic lab, the client's own ntpq -p into
# $out/ntpq/NAME.txt, taken 2 s before its recorder PID stops, so the trace holds ntpq's
# requests: the summary is compared with ntpq as of the moment ntpd answered (check.py cuts
# the trace there; ntpd shifts reach on its own 1-s timer, so a view taken after the trace
# ends may already differ). A client that is no ntpd (a simulator) leaves no file.
ntpq_before_end() {
    [[ $3 =~ ^[0-9]+$ ]] || return 0
    local root=$LAB_CLASSIC_ROOT deadline=$((SECONDS + $3 - 2))
    while ((SECONDS < deadline)) && kill -0 "$1" 2>/dev/null; do sleep 0.1; done
    kill -0 "$1" 2>/dev/null || return 0
    ip netns exec "$LAB_PREFIX-$2" env LD_LIBRARY_PATH="$root/usr/lib/x86_64-linux-gnu" \
        "$root/usr/bin/ntpq" -pn 127.0.0.1 >"$out/ntpq/$2.txt.tmp" 2>/dev/null &&
        grep -q '^====' "$out/ntpq/$2.txt.tmp" &&
        mv "$out/ntpq/$2.txt.tmp" "$out/ntpq/$2.txt" || rm -f "$out/ntpq/$2.txt.tmp"
}

[[ -n ${LAB_CLASSIC_ROOT:-} ]] && mkdir -p "$out/ntpq"
for target in "${targets[@]}"; do
    name=${target%%=*}
    "$NTPSCOPE" record --pid "${target#*=}" --duration "$duration" -o "$traces/$name.jsonl" -q \
        2>"$out/logs/record-$name.log" &
    recorders+=($!)
    if [[ -n ${LAB_CLASSIC_ROOT:-} ]]; then
        ntpq_before_end $! "$name" "${duration%s}" &
        watchers+=($!)
    fi
done

# Gated classic clients (LAB_CLIENT_GATE=1) start once every recorder has written its trace
# header, which it does once attached: the traces then hold the daemons' whole life.
if [[ -n ${LAB_START_GATES:-} ]]; then
    for _ in $(seq 300); do
        ready=1
        for name in "${names[@]}"; do
            [[ -s $traces/$name.jsonl ]] || ready=0
        done
        ((ready)) && break
        sleep 0.1
    done
    for gate in $LAB_START_GATES; do
        touch "$gate"
    done
fi

seconds=${duration%s}
[[ $seconds =~ ^[0-9]+$ ]] || seconds=0
start=$SECONDS
events() { [[ -f $1 ]] && wc -l <"$1" | tr -d ' ' || echo 0; }
running() {
    local pid
    for pid in "${recorders[@]}"; do
        kill -0 "$pid" 2>/dev/null && return 0
    done
    return 1
}
# A count per client for a pair; a fleet's line would not fit, so its total.
progress() {
    printf 'recording %3d/%s s' $((SECONDS - start)) "${seconds:-?}"
    if ((${#names[@]} <= 2)); then
        for name in "${names[@]}"; do
            printf '   %s: %6s events' "$name" "$(events "$traces/$name.jsonl")"
        done
    else
        printf '   %d clients: %7s events' "${#names[@]}" "$(cat "$traces"/*.jsonl 2>/dev/null | wc -l)"
    fi
}
if ((quiet == 0)); then
    echo "recording ${targets[*]} (NAME=PID) for $duration into $traces/"
fi
while running; do
    if ((quiet == 0)); then
        if [[ -t 1 ]]; then
            printf '\r\033[K%s' "$(progress)"
        elif (((SECONDS - start) % 15 == 0)); then
            progress
            echo
        fi
    fi
    sleep 1
done
[[ -t 1 && $quiet == 0 ]] && echo

status=0
for i in "${!recorders[@]}"; do
    name=${names[$i]}
    rc=0
    wait "${recorders[$i]}" || rc=$?
    case $rc in
        0) ;;
        3) echo "capture: the $name recorder lost events (see $out/logs/record-$name.log)" >&2 ;;
        *) echo "capture: recording the $name client failed (exit $rc):" >&2
            tail -n 5 "$out/logs/record-$name.log" >&2
            status=1 ;;
    esac
done
recorders=()
for pid in "${watchers[@]+"${watchers[@]}"}"; do
    wait "$pid" || true
done
watchers=()
((status == 0)) || exit "$status"

# Exit 1 means findings (diff) or outliers (fleet); only above that has the analysis failed.
IFS=, read -ra wanted <<<"$formats"
for format in "${wanted[@]}"; do
    [[ -n ${file_of[$format]:-} ]] || { echo "capture: unknown format $format" >&2; exit 2; }
    log=$out/logs/${analysis[0]}-$format
    rc=0
    "$NTPSCOPE" "${analysis[@]}" --format "$format" -o "$out/${file_of[$format]}" 2>"$log.log" || rc=$?
    if ((rc > 1)); then
        echo "capture: ntpscope ${analysis[0]} --format $format failed (exit $rc):" >&2
        cat "$log.log" >&2
        exit 1
    fi
    echo "$rc" >"$log.exit"
done

cp "$LAB_STATE/lab.env" "$out/lab.env"
if ((lab_logs == 1)); then
    mkdir -p "$out/lab"
    cp -r "$LAB_STATE"/. "$out/lab/"
fi
