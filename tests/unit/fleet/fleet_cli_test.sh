#!/usr/bin/env bash
# `ntpscope fleet` on generated fleets: exit status (0 one group, 1 outliers, 2 unreadable input
# or error), directories expanded, -o, JSON's top findings, one-line errors naming the file.
set -euo pipefail
ntpscope=$1
write_hosts=$2
subcommand=fleet
source "$(dirname "$0")/../cli_test_lib.sh"
mkdir "$dir/healthy" "$dir/faulty"
"$write_hosts" "$dir/healthy" 12
"$write_hosts" "$dir/faulty" 12 faults

expect_status 0 "$dir/healthy"
grep -q "12 hosts, all in one group" "$dir/out" || fail "healthy fleet: $(cat "$dir/out")"
grep -q "Exit status 0" "$dir/out" || fail "healthy fleet: no exit status line"
expect_status 0 "$dir/healthy" -j 1 -f json
grep -q '"exit_status":0' "$dir/out" || fail "healthy JSON: $(head -c 300 "$dir/out")"

expect_status 1 "$dir/faulty" -f json
grep -q '"format":"ntpscope.fleet/1"' "$dir/out" || fail "no format in JSON"
# Each fault group's top finding names its server.
grep -q '"hosts":\["stuck51-0","stuck51-1","stuck51-2"\],"differences":\[[^]]*\],"findings":\[{"severity":"critical","rank":1,"kind":"stuck_unicast","cause":"[a-z_]*","title":"[^"]*","peer":"10.1.0.51"' "$dir/out" \
  || fail "stuck51 group's top finding: $(head -c 2000 "$dir/out")"
grep -q '"hosts":\["deaf12-0","deaf12-1"\],"differences":\[[^]]*\],"findings":\[{"severity":"critical","rank":1,"kind":"no_broadcasts","title":"[^"]*","peer":"10.1.0.12"' "$dir/out" \
  || fail "deaf12 group's top finding"

# Text through a pipe or with NO_COLOR set has no escape sequences; HTML to a file.
NO_COLOR=1 expect_status 1 "$dir/faulty"
! grep -q $'\x1b' "$dir/out" || fail "colour with NO_COLOR set"
grep -q "CRITICAL stuck_unicast" "$dir/out" || fail "text report lacks the top finding"
expect_status 1 "$dir/faulty" -f html -o "$dir/fleet.html"
[ ! -s "$dir/out" ] || fail "-o still printed to stdout"
grep -q "<details>" "$dir/fleet.html" || fail "HTML does not fold the majority"

# An unreadable input: named on stderr, the report of the others written, exit status 2.
printf 'not a trace\n' >"$dir/garbage.trace"
expect_status 2 "$dir/healthy" "$dir/garbage.trace" "$dir/missing.trace" -f json -o "$dir/partial.json"
grep -q "garbage.trace: not an ntpscope trace" "$dir/err" || fail "garbage input not named: $(cat "$dir/err")"
grep -q "missing.trace: cannot open" "$dir/err" || fail "missing input not named: $(cat "$dir/err")"
grep -q '"hosts":12,' "$dir/partial.json" || fail "the readable hosts are not in the report"
grep -q '"input":"[^"]*garbage.trace"' "$dir/partial.json" || fail "the report does not name the unreadable input"

# Errors: exit 2 and one line.
mkdir "$dir/empty"
printf 'notes\n' >"$dir/empty/README"
expect_status 2 "$dir/empty"
[ "$(wc -l <"$dir/err")" = 1 ] || fail "no recording: not a one-line error: $(cat "$dir/err")"
expect_status 2 "$dir/missing.trace"
grep -q "missing.trace" "$dir/err" || fail "lone missing input not named: $(cat "$dir/err")"
expect_status 2 "$dir/healthy" -o "$(ls "$dir"/healthy/*.trace | head -1)"
grep -q "is also the input" "$dir/err" || fail "-o over an input: $(cat "$dir/err")"
expect_status 2 "$dir/healthy" -f pdf
expect_status 2 "$dir/healthy" -j 0
expect_status 2
echo "fleet CLI: all checks passed"
