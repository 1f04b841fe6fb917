#!/usr/bin/env bash
# Every report ntpscope writes, on every fixture: summary and diff in each format, and export.
# `outputs.sh BIN OUTDIR` writes them; the golden test compares them with tests/golden/expected,
# so a refactoring that changes a byte of any output fails. After a change that is meant to
# alter outputs: `outputs.sh build/ntpscope tests/golden/expected` and review the git diff.
set -euo pipefail
bin=$(realpath "$1")
out=$(realpath -m "$2")
here=$(cd "$(dirname "$0")" && pwd)
fixtures=$here/../fixtures

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$out"
rm -f "$out"/*.out

# Copies with one fixed mtime: a -t/-tt log without kernel stamps takes its date from it, and a
# checkout's mtime is the day it was cloned.
inputs=()
for f in "$fixtures"/lab/*.trace "$fixtures"/pcap/*.pcap* "$fixtures"/strace/*.strace; do
  cp "$f" "$work/"
  touch -d '2026-11-26 20:00:00 UTC' "$work/$(basename "$f")"
  inputs+=("$(basename "$f")")
done
cd "$work"
export TZ=UTC NO_COLOR=1

# One output file per command: stdout, then the exit status and stderr, so that an error text
# or a changed status shows too.
run() {
  local name=$1
  shift
  local status=0
  "$bin" "$@" >"$out/$name.out" 2>"$work/stderr" || status=$?
  { echo "--- exit $status"; cat "$work/stderr"; } >>"$out/$name.out"
}

for f in "${inputs[@]}"; do
  for format in text markdown json; do run "summary.$format.$f" summary -f "$format" "$f"; done
  run "export.$f" export "$f" -o -
done

diff_pair() {
  for format in text markdown json html; do run "diff.$format.$1.$2" diff -f "$format" "$1" "$2"; done
}
# Each fixture once as the good host and once as the bad one, then the seed's pair and the lab's.
for ((i = 0; i < ${#inputs[@]}; i++)); do
  diff_pair "${inputs[i]}" "${inputs[(i + 1) % ${#inputs[@]}]}"
done
diff_pair strace4-seed-good-client-t.strace strace4-seed-bad-client-t.strace
diff_pair ntpsec_client.trace chrony_client.trace
