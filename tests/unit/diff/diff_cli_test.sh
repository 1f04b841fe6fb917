#!/usr/bin/env bash
# `ntpscope diff` on the scenario traces: exit status (0 healthy, 1 findings, 2 errors), the top
# finding of each fault in JSON, -o, NO_COLOR, per-side capture options, and one-line errors for
# bad input.
set -euo pipefail
ntpscope=$1
write_scenarios=$2
fixtures=$3
subcommand=diff
source "$(dirname "$0")/../cli_test_lib.sh"
"$write_scenarios" "$dir"

# expect_top NAME KIND PEER: the JSON report's first finding.
expect_top() {
  expect_status 1 "$dir/$1-good.trace" "$dir/$1-bad.trace" -f json
  grep -q "\"findings\":\[{\"severity\":\"[a-z]*\",\"rank\":1,\"kind\":\"$2\",\(\"cause\":\"[a-z_]*\",\)\?\"title\":\"[^\"]*\",\"peer\":$3," "$dir/out" \
    || fail "$1: top finding is not $2 for $3: $(head -c 600 "$dir/out")"
}

expect_top seed stuck_unicast '"10.1.0.51"'
expect_top kod-rate kod_rate '"10.0.0.7"'
expect_top lost-replies no_replies '"10.0.0.8"'
expect_top crypto-nak auth_failure '"10.0.0.9"'
expect_top wrong-key auth_failure '"10.0.0.9"'
expect_top clock-step clock_step null

for healthy in healthy-unicast healthy-multicast; do
  expect_status 0 "$dir/$healthy-good.trace" "$dir/$healthy-bad.trace"
  grep -q "Exit status 0" "$dir/out" || fail "$healthy: text report does not say exit status 0"
done

# -o writes the file and nothing to stdout; HTML has one timeline per peer.
expect_status 1 "$dir/seed-good.trace" "$dir/seed-bad.trace" -f html -o "$dir/report.html"
[ ! -s "$dir/out" ] || fail "-o still printed to stdout"
[ "$(grep -c '<svg class="timeline"' "$dir/report.html")" = 4 ] || fail "expected 4 timelines"

# Text through a pipe or with NO_COLOR set has no escape sequences.
NO_COLOR=1 expect_status 1 "$dir/seed-good.trace" "$dir/seed-bad.trace"
! grep -q $'\x1b' "$dir/out" || fail "colour with NO_COLOR set"
grep -q "CRITICAL stuck_unicast" "$dir/out" || fail "text report lacks the top finding"

# Two captures from two hosts: --good-/--bad-date and --good-/--bad-host-ip apply to their side only.
good_strace=$fixtures/strace/strace4-seed-good-client-t.strace
bad_strace=$fixtures/strace/strace4-seed-bad-client-t.strace
expect_status 1 "$good_strace" "$bad_strace" -f json --good-date 2011-08-25 --bad-date 2011-08-26
grep -q '"good":{[^}]*"start_utc":"2011-08-25 ' "$dir/out" || fail "--good-date not applied to the good side"
grep -q '"bad":{[^}]*"start_utc":"2011-08-26 ' "$dir/out" || fail "--bad-date not applied to the bad side"
# The server's capture, named as the server's: its client becomes a served client on that side alone.
expect_status 1 "$fixtures/pcap/ntpsec-client-eth.pcap" "$fixtures/pcap/ntpsec-server-eth.pcapng" -f json \
  --bad-host-ip 10.206.6.1
grep -q '{"peer":"10.206.6.2","good":null,"bad":"served_client"}' "$dir/out" || fail "--bad-host-ip not applied: $(cat "$dir/out")"
grep -q '{"peer":"10.206.6.1","good":"unicast","bad":null}' "$dir/out" || fail "--bad-host-ip changed the good side: $(cat "$dir/out")"
expect_status 2 "$good_strace" "$bad_strace" --bad-host-ip nope
grep -q -- "--bad-host-ip: 'nope' is not an IP address" "$dir/err" || fail "bad --bad-host-ip: $(cat "$dir/err")"

# Errors: exit 2 and one line naming the problem.
expect_status 2 "$dir/missing.trace" "$dir/seed-bad.trace"
[ "$(wc -l <"$dir/err")" = 1 ] || fail "missing file: not a one-line error: $(cat "$dir/err")"
printf 'not a trace\n' >"$dir/garbage.trace"
expect_status 2 "$dir/garbage.trace" "$dir/seed-bad.trace"
grep -q "garbage.trace" "$dir/err" || fail "garbage input: error does not name the file: $(cat "$dir/err")"
expect_status 2 "$dir/seed-good.trace" "$dir/seed-bad.trace" --alias 10.1.0.51
grep -q -- "--alias" "$dir/err" || fail "bad alias: error does not name the option: $(cat "$dir/err")"
expect_status 2 "$dir/seed-good.trace" "$dir/seed-bad.trace" -f pdf
echo "diff CLI: all checks passed"
