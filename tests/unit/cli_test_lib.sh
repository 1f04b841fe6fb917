# Shared by the CLI shell tests; source it after setting `ntpscope` (the binary) and `subcommand`.
# Gives a scratch dir `$dir` (removed on exit), `fail`, and `expect_status`.
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT

fail() { echo "FAIL: $*" >&2; exit 1; }

# expect_status STATUS ARGS...: runs ntpscope $subcommand ARGS (stdout to $dir/out, stderr to
# $dir/err) and checks its exit status.
expect_status() {
  local want=$1; shift
  local got=0
  "$ntpscope" "$subcommand" "$@" >"$dir/out" 2>"$dir/err" || got=$?
  [ "$got" = "$want" ] || fail "$subcommand $* exited $got, expected $want: $(cat "$dir/err")"
}
