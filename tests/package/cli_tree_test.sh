#!/usr/bin/env bash
# What packaging generates from the CLI itself, checked on the built binary (no root):
# --commands is --help's subcommand list; the bash completion completes subcommands, options,
# IsMember choices and file names and never offers a hidden option; the zsh completion parses;
# every --help lists the exit statuses; `record` without -o is not a usage error any more.
# Usage: cli_tree_test.sh NTPSCOPE
set -euo pipefail
ntpscope=$(realpath "$1")
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

# --commands against the "Subcommands:" block of --help.
"$ntpscope" --commands >"$dir/commands"
cut -f1 "$dir/commands" | sort >"$dir/listed"
"$ntpscope" --help | awk '/^Subcommands:$/ {on = 1; next} on && /^  [a-z]/ {print $1} on && /^$/ {on = 0}' |
  sort >"$dir/help"
[ -s "$dir/listed" ] || fail "--commands printed nothing"
cmp -s "$dir/listed" "$dir/help" || fail "--commands ($(tr '\n' ' ' <"$dir/listed")) is not --help's list ($(tr '\n' ' ' <"$dir/help"))"
awk -F'\t' 'NF != 2 || $2 == "" {exit 1}' "$dir/commands" || fail "--commands: a line without a description"
"$ntpscope" --help | grep -q -- '--commands\|--completion' && fail "--help shows a hidden option"

# complete WORDS...: what bash offers for the last word (empty: a new word).
"$ntpscope" --completion bash >"$dir/ntpscope.bash"
complete_words() {
  (cd "$dir" && bash -c 'source ./ntpscope.bash
    COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _ntpscope; printf "%s\n" "${COMPREPLY[@]}"' _ "$@") | sort
}
offered() { complete_words "$@" | tr '\n' ' ' | sed 's/ $//'; }

[ "$(offered ntpscope '')" = "$(tr '\n' ' ' <"$dir/listed" | sed 's/ $//')" ] ||
  fail "ntpscope <TAB> offered '$(offered ntpscope '')'"
[ "$(offered ntpscope re)" = record ] || fail "ntpscope re<TAB> offered '$(offered ntpscope re)'"
[ "$(offered ntpscope --)" = "--help --version" ] || fail "ntpscope --<TAB> offered '$(offered ntpscope --)'"
[ "$(offered ntpscope record --ou)" = --output ] || fail "record --ou<TAB> offered '$(offered ntpscope record --ou)'"
for cmd in record watch; do
  [ "$(offered ntpscope $cmd --attach '')" = "socket syscall" ] ||
    fail "$cmd --attach <TAB> offered '$(offered ntpscope $cmd --attach '')'"
done
formats=$(offered ntpscope diff -f '')
for f in $formats; do
  "$ntpscope" diff -f "$f" --help >/dev/null || fail "diff -f <TAB> offered $f, which diff refuses"
done
[[ " $formats " == *" json "* ]] || fail "diff -f <TAB> offered '$formats'"
touch "$dir/host1.trace"
[ "$(offered ntpscope summary host)" = host1.trace ] || fail "summary host<TAB> offered '$(offered ntpscope summary host)'"
[ "$(offered ntpscope record -o host)" = host1.trace ] || fail "record -o host<TAB> offered '$(offered ntpscope record -o host)'"
# Options of the command being completed, not another's; no value for a --pid.
[[ " $(offered ntpscope diff --) " != *" --pid "* ]] || fail "diff --<TAB> offered record's --pid"
[ -z "$(offered ntpscope record --pid '')" ] || fail "record --pid <TAB> offered '$(offered ntpscope record --pid '')'"

"$ntpscope" --completion zsh >"$dir/_ntpscope"
if command -v zsh >/dev/null; then
  zsh -n "$dir/_ntpscope" || fail "the zsh completion does not parse"
else
  echo "*** zsh is not installed: the zsh completion's syntax is not checked ***" >&2
fi
[ "$(head -1 "$dir/_ntpscope")" = "#compdef ntpscope" ] || fail "the zsh completion does not start with #compdef"
while IFS=$'\t' read -r name _; do
  grep -q "^ *($name) _arguments" "$dir/_ntpscope" || fail "the zsh completion has no arguments for $name"
done <"$dir/commands"

# Exit statuses: all of them in the program's --help, each command's own in its --help.
"$ntpscope" --help >"$dir/help.txt"
for status in 0 1 2 3; do grep -q "^  $status  " "$dir/help.txt" || fail "--help does not list exit status $status"; done
"$ntpscope" record --help | grep -q '^  3  events were lost' || fail "record --help does not list exit status 3"
"$ntpscope" summary --help | grep -q '^  3  ' && fail "summary --help lists record's exit status 3"
"$ntpscope" diff --help | grep -q '^  1  warning or critical findings' || fail "diff --help does not list exit status 1"

# record with no -o: no longer "--output is required" (it stops later, at its targets).
status=0
(cd "$dir" && "$ntpscope" record --pid 999999999 --duration 1s) 2>"$dir/err" || status=$?
[ "$status" = 2 ] || fail "record --pid 999999999 exited $status: $(cat "$dir/err")"
grep -qi "required" "$dir/err" && fail "record without -o: $(cat "$dir/err")"
[ -z "$(ls "$dir" | grep '^ntpscope-.*\.trace$')" ] || fail "record created a trace before finding its target"

# --version: the version, then the kernel's features, exit 0.
"$ntpscope" --version >"$dir/version" || fail "--version failed"
head -1 "$dir/version" | grep -Eq '^ntpscope [0-9]+\.[0-9]+\.[0-9]+$' || fail "--version: $(head -1 "$dir/version")"
for feature in BTF 'ring buffer' trampolines 'socket tracepoints' uprobes; do
  grep -q "$feature .* \(yes\|no\|refused\|unknown\)" "$dir/version" || fail "--version has no line for $feature"
done
echo "cli tree: $(wc -l <"$dir/commands") subcommands, completion and exit statuses checked"
