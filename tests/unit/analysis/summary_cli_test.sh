#!/usr/bin/env bash
# `ntpscope summary` on committed fixtures: the ntpq-style table in each format, -o, the seed's
# good and bad strace logs, and one-line errors (exit 2) for inputs it cannot read.
set -euo pipefail
ntpscope=$1
fixtures=$2
subcommand=summary
source "$(dirname "$0")/../cli_test_lib.sh"

# expect_row PEER FIELDS...: the text table has a row for PEER starting with these columns.
expect_row() {
  local peer=$1; shift
  grep -Eq "^ $peer +$(printf '%s +' "$@")" "$dir/out" || fail "no row '$peer $*' in: $(cat "$dir/out")"
}

ntpsec=$fixtures/lab/ntpsec_client.trace
expect_status 0 "$ntpsec"
expect_row 10.231.0.1 127.0.0.1 5 u 1 1 377
grep -q "^ interface 10.231.0.2:123" "$dir/out" || fail "no interface socket row"

expect_status 0 "$ntpsec" -f markdown
grep -q "^| 10.231.0.1 | 127.0.0.1 | 5 | u | 1 | 1 | 377 |" "$dir/out" || fail "markdown row: $(cat "$dir/out")"

expect_status 0 "$ntpsec" --format json -o "$dir/summary.json"
[ ! -s "$dir/out" ] || fail "-o still printed to stdout"
grep -q '^{"schema":"ntpscope.summary/1",' "$dir/summary.json" || fail "JSON lacks the schema"

expect_status 0 "$fixtures/lab/chrony_client.trace"
expect_row 10.231.0.1 127.0.0.1 5 u

# The seed: the bad client polls s51 with mode 3 (poll 1024), the good one only listens.
expect_status 0 "$fixtures/strace/strace4-seed-bad-client-t.strace"
expect_row 10.1.1.51 10.1.0.1 2 u '[0-9]+' 1024
expect_row 10.1.1.11 10.1.0.1 2 m '[0-9]+' 64
expect_status 0 "$fixtures/strace/strace4-seed-good-client-t.strace"
expect_row 10.1.1.51 10.1.0.1 2 m '[0-9]+' 64

# A trace cut short still gives a summary, with a note.
head -c 3000 "$ntpsec" >"$dir/cut.trace"
expect_status 0 "$dir/cut.trace"
grep -q "no footer" "$dir/out" || fail "cut trace: no note about the missing footer"

# Errors: exit 2 and one line naming the file.
expect_status 2 "$dir/missing.trace"
[ "$(wc -l <"$dir/err")" = 1 ] || fail "missing file: not a one-line error: $(cat "$dir/err")"
printf 'not a trace\n' >"$dir/garbage.trace"
expect_status 2 "$dir/garbage.trace"
grep -q "garbage.trace" "$dir/err" || fail "garbage: error does not name the file: $(cat "$dir/err")"
{ head -n 3 "$ntpsec"; echo '{"t":oops}'; tail -n 2 "$ntpsec"; } >"$dir/damaged.trace"
expect_status 2 "$dir/damaged.trace"
grep -q "damaged.trace:4" "$dir/err" || fail "damaged: error does not name the line: $(cat "$dir/err")"
[ "$(wc -l <"$dir/err")" = 1 ] || fail "damaged: not a one-line error: $(cat "$dir/err")"
expect_status 2 "$ntpsec" -f pdf
echo "summary CLI: all checks passed"
