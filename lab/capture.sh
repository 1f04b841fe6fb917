#!/usr/bin/env bash
# Records the lab's good and bad client at the same time with `ntpscope record`, then diffs
# the two traces with `ntpscope diff` in the formats asked for. Runs inside a lab:
#   lab/lab.sh run SCENARIO -- lab/capture.sh [options] OUTDIR
# Writes OUTDIR/good.jsonl, bad.jsonl, and per format: findings.txt, report.md, diff.json,
# report.html; the recorders' and diff's stderr go to OUTDIR/logs/.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

usage() {
    cat <<EOF
usage: lab/capture.sh [--duration 75s] [--formats text,markdown,json,html] [--pair ntpsec|chrony]
                      [--quiet] [--lab-logs] OUTDIR
  --duration   how long to record (default 75s)
  --formats    diff outputs to write (default: all four)
  --pair       which clients to record: the NTPsec pair (default) or the chrony pair
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

case $pair in
    ntpsec) good_pid=$LAB_GOOD_PID bad_pid=$LAB_BAD_PID ;;
    chrony) good_pid=${LAB_CHRONY_GOOD_PID:?the lab runs no chrony clients; start it with --chrony}
        bad_pid=$LAB_CHRONY_BAD_PID ;;
    *) usage >&2; exit 2 ;;
esac

mkdir -p "$out/logs"
rm -f "$out"/good.jsonl "$out"/bad.jsonl

# The recorders are ours: stop them if we are stopped.
recorders=()
trap 'lab_stop_jobs "${recorders[@]+"${recorders[@]}"}"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

for side in good bad; do
    pid_var=${side}_pid
    "$NTPSCOPE" record --pid "${!pid_var}" --duration "$duration" -o "$out/$side.jsonl" -q \
        2>"$out/logs/record-$side.log" &
    recorders+=($!)
done

seconds=${duration%s}
[[ $seconds =~ ^[0-9]+$ ]] || seconds=0
start=$SECONDS
events() { [[ -f $1 ]] && wc -l <"$1" | tr -d ' ' || echo 0; }
running() { kill -0 "${recorders[0]}" 2>/dev/null || kill -0 "${recorders[1]}" 2>/dev/null; }
if ((quiet == 0)); then
    echo "recording good (pid $good_pid) and bad (pid $bad_pid) for $duration: $out/good.jsonl, $out/bad.jsonl"
fi
while running; do
    if ((quiet == 0)); then
        line=$(printf 'recording %3d/%s s   good: %6s events   bad: %6s events' \
            $((SECONDS - start)) "${seconds:-?}" "$(events "$out/good.jsonl")" "$(events "$out/bad.jsonl")")
        if [[ -t 1 ]]; then
            printf '\r\033[K%s' "$line"
        elif (((SECONDS - start) % 15 == 0)); then
            echo "$line"
        fi
    fi
    sleep 1
done
[[ -t 1 && $quiet == 0 ]] && echo

status=0
for i in 0 1; do
    side=$([[ $i == 0 ]] && echo good || echo bad)
    rc=0
    wait "${recorders[$i]}" || rc=$?
    case $rc in
        0) ;;
        3) echo "capture: the $side recorder lost events (see $out/logs/record-$side.log)" >&2 ;;
        *) echo "capture: recording the $side client failed (exit $rc):" >&2
            tail -n 5 "$out/logs/record-$side.log" >&2
            status=1 ;;
    esac
done
recorders=()
((status == 0)) || exit "$status"

declare -A file_of=([text]=findings.txt [markdown]=report.md [json]=diff.json [html]=report.html)
IFS=, read -ra wanted <<<"$formats"
for format in "${wanted[@]}"; do
    [[ -n ${file_of[$format]:-} ]] || { echo "capture: unknown format $format" >&2; exit 2; }
    rc=0
    "$NTPSCOPE" diff "$out/good.jsonl" "$out/bad.jsonl" --format "$format" \
        -o "$out/${file_of[$format]}" 2>"$out/logs/diff-$format.log" || rc=$?
    if ((rc > 1)); then
        echo "capture: ntpscope diff --format $format failed (exit $rc):" >&2
        cat "$out/logs/diff-$format.log" >&2
        exit 1
    fi
    echo "$rc" >"$out/logs/diff-$format.exit"
done

cp "$LAB_STATE/lab.env" "$out/lab.env"
if ((lab_logs == 1)); then
    mkdir -p "$out/lab"
    cp -r "$LAB_STATE"/. "$out/lab/"
fi
