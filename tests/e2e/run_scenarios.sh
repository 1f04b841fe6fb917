#!/usr/bin/env bash
# Setup of the end-to-end suite: runs every scenario's lab at once, each in its own namespaces,
# recording its good and bad client and diffing them (lab/capture.sh). The checks in check.py
# then read OUT/SCENARIO/ (traces, diff.json, report.html, lab.env), OUT/SCENARIO.log,
# OUT/SCENARIO.exit and OUT/SCENARIO.prefix. Exits 77 (skipped) when not root, unless
# NTPSCOPE_REQUIRE_PRIVILEGED=1, which turns that into a failure.
set -euo pipefail

usage() { echo "usage: $0 --ntpscope BIN --build DIR --out DIR [--duration 75s] SCENARIO..." >&2; exit 2; }

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
source "$repo/lab/lib/common.sh"
duration=75s
ntpscope= build= out=
while (($# > 0)); do
    case $1 in
        --ntpscope) ntpscope=${2:?}; shift ;;
        --build) build=${2:?}; shift ;;
        --out) out=${2:?}; shift ;;
        --duration) duration=${2:?}; shift ;;
        -*) usage ;;
        *) break ;;
    esac
    shift
done
[[ -n $ntpscope && -n $build && -n $out && $# -gt 0 ]] || usage

rm -rf "$out"
mkdir -p "$out"
if [[ $(id -u) != 0 ]]; then
    reason="the end-to-end tests need root (network namespaces, eBPF)"
    if [[ ${NTPSCOPE_REQUIRE_PRIVILEGED:-0} == 1 ]]; then
        echo "e2e: $reason, and NTPSCOPE_REQUIRE_PRIVILEGED=1" >&2
        exit 1
    fi
    echo "$reason" >"$out/SKIPPED"
    echo "e2e: skipped: $reason"
    exit 77
fi

# Instances whose owner was killed (say, by a ctest timeout) before they could tear down.
"$repo/lab/lab.sh" clean

runs=()
trap 'lab_stop_jobs "${runs[@]+"${runs[@]}"}"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

for scenario in "$@"; do
    (
        rc=0
        NTPSCOPE=$ntpscope "$repo/lab/lab.sh" run "$scenario" --build "$build" -- \
            "$repo/lab/capture.sh" --quiet --lab-logs --duration "$duration" \
            --formats json,html,markdown,text "$out/$scenario" >"$out/$scenario.log" 2>&1 || rc=$?
        sed -n 's/^lab: instance \(nts[0-9a-f]*\),.*/\1/p' "$out/$scenario.log" >"$out/$scenario.prefix"
        echo "$rc" >"$out/$scenario.exit"
    ) &
    runs+=($!)
done
wait
runs=()
failed=0
for scenario in "$@"; do
    rc=$(cat "$out/$scenario.exit")
    echo "e2e: $scenario: exit $rc (log: $out/$scenario.log)"
    ((rc == 0)) || failed=$((failed + 1))
done
echo "e2e: $# scenarios run, $failed failed; the e2e_* checks judge the results"
