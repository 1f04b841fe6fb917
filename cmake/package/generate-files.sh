#!/usr/bin/env bash
# Writes what the package ships besides the binary, from the built binary itself so that none of
# it can drift from the code: a man page per command from its --help (help2man), bash and zsh
# completion from its option tree (the hidden --completion), and the compressed changelog.
# Usage: generate-files.sh NTPSCOPE VERSION CHANGELOG OUTDIR
set -euo pipefail
bin=$1 version=$2 changelog=$3 out=$4

rm -rf "$out"
mkdir -p "$out/man" "$out/completion"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# help2man runs "$bin $help_option" through the shell.
man_page() {  # NAME DESCRIPTION HELP-OPTION SEE-ALSO
  printf '[SEE ALSO]\n%s\n' "$4" >"$work/include"
  help2man --no-info --help-option="$3" --version-string="$1 $version" \
    --name="$2" --include="$work/include" --output="$out/man/$1.1" "$bin"
  # --help ends with "Exit status:", which help2man makes a subsection of OPTIONS.
  sed -i 's/^\.SS "Exit status:"$/.SH "EXIT STATUS"/' "$out/man/$1.1"
  grep -q '^\.SH "EXIT STATUS"$' "$out/man/$1.1" || { echo "generate-files: $1 --help lists no exit status" >&2; exit 1; }
}

"$bin" --commands >"$work/commands"
[ -s "$work/commands" ] || { echo "generate-files: $bin --commands listed no subcommand" >&2; exit 1; }
pages=()
while IFS=$'\t' read -r name description; do
  pages+=("ntpscope-$name")
  man_page "ntpscope-$name" "$description" "$name --help" '.BR ntpscope (1)'
done <"$work/commands"
see_also=$(printf '.BR %s (1),\n' "${pages[@]}")
# The program's description is the first line of its --help: "ntpscope: record, analyse ...".
man_page ntpscope "$("$bin" --help | head -1 | sed 's/^ntpscope: //')" --help "${see_also%,}"
# -n: no name or time stamp in the gzip header, so identical input gives identical bytes.
gzip -9n "$out"/man/*.1

"$bin" --completion bash >"$out/completion/ntpscope"
"$bin" --completion zsh >"$out/completion/_ntpscope"
gzip -9n -c "$changelog" >"$out/changelog.Debian.gz"
