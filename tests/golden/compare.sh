#!/usr/bin/env bash
# The golden test: today's outputs of every report on every fixture, byte for byte against the
# committed ones (tests/golden/expected, written by outputs.sh).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
"$here/outputs.sh" "$1" "$2"
diff -r "$here/expected" "$2"
