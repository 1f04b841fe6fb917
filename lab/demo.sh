#!/usr/bin/env bash
# `make demo`: the whole tool against real daemons, in one command. Brings up the lab with one
# fault (default: the seed's multicast-stuck), records the good and the bad client at the same
# time, diffs them, prints the findings, writes demo-out/, and tears the lab down. With the
# scenario fleet: records all its clients and runs `ntpscope fleet` on them instead.
#   lab/demo.sh [SCENARIO]      (BUILD_DIR, DEMO_OUT and DEMO_DURATION may be set)
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/.." && pwd)
scenario=${1:-multicast-stuck}
build=${BUILD_DIR:-build}
[[ $build == /* ]] || build=$repo/$build
out=${DEMO_OUT:-$repo/demo-out}
duration=${DEMO_DURATION:-75s}

[[ $(id -u) == 0 ]] || { echo "demo: needs root for network namespaces and eBPF: sudo make demo" >&2; exit 1; }
[[ -x $build/ntpscope ]] || { echo "demo: $build/ntpscope not found; run make build" >&2; exit 1; }
summary=$("$here/lab.sh" list | sed -n "s/^$scenario: //p")
[[ -n $summary ]] || { echo "demo: unknown scenario '$scenario'; choose one of: $("$here/lab.sh" list | cut -d: -f1 | tr '\n' ' ')" >&2; exit 2; }

# What capture.sh writes: the findings first, then the report, then the rest.
if [[ $scenario == fleet ]]; then
    clients="${LAB_FLEET_CLIENTS:-12} clients" compare="ntpscope fleet traces/"
    results=(fleet.txt fleet.html fleet.md fleet.json traces/)
else
    clients="a good and a bad client" compare="ntpscope diff good.jsonl bad.jsonl"
    results=(findings.txt report.html report.md diff.json good.jsonl bad.jsonl)
fi
mkdir -p "$out"
rm -rf "${results[@]/#/${out:?}/}" "$out"/{lab.env,logs}
echo "== ntpscope demo: $scenario: $summary"
echo "== bringing up the lab (4 servers, $clients, each in its own network namespace)"
"$here/lab.sh" run "$scenario" --build "$build" -- \
    "$here/capture.sh" --duration "$duration" --formats text,markdown,json,html "$out"
echo "== lab torn down: its daemons stopped, its namespaces deleted"

echo
echo "== findings ($compare)"
cat "$out/${results[0]}"
echo
echo "== wrote $out/${results[1]}$(printf ', %s' "${results[@]:2}")"
