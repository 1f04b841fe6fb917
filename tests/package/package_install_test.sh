#!/usr/bin/env bash
# The .deb installed for real with `apt-get install ./ntpscope_*.deb` (root; its dependencies are
# already installed, so no network): /usr/bin/ntpscope --version runs, `record` without -o names
# its trace after the host and the time, man finds ntpscope(1) and ntpscope-record(1), bash and
# zsh find the completion, the unit is in place; then `apt-get purge` leaves nothing behind.
# The package is purged on every exit, failures too.
# Man pages: a minimal image may tell dpkg to skip /usr/share/man (path-exclude in
# /etc/dpkg/dpkg.cfg.d); the install includes ntpscope's pages explicitly (--path-include), so
# `man -w` checks the package, not the image's policy. package_contents_test checks the .deb.
# Usage: package_install_test.sh BUILD_DIR SOURCE_DIR
set -euo pipefail
build=$(realpath "$1")
source_dir=$(realpath "$2")

if [ "$(id -u)" != 0 ]; then
  [ "${NTPSCOPE_REQUIRE_PRIVILEGED:-}" = 1 ] && { echo "FAIL: the package install test needs root" >&2; exit 1; }
  echo "*** SKIPPING PRIVILEGED TEST: installing a package needs root ***" >&2
  exit 77
fi
source "$(dirname "$0")/lib.sh"

installed() { dpkg-query -W -f='${db:Status-Status}' ntpscope 2>/dev/null | grep -qv '^not-installed$'; }
installed && fail "ntpscope is already installed on this machine ($(dpkg-query -W ntpscope)); this test would remove it"

build_deb
# Which of the package's directories exist already (/usr/bin, ...): those must survive the purge.
dpkg-deb --fsys-tarfile "$deb" | tar -t | grep '/$' | sed 's|^\./|/|; s|/$||' | grep . >"$dir/dirs"
while read -r d; do [ -d "$d" ] && echo "$d"; done <"$dir/dirs" >"$dir/dirs-before"

apt=(apt-get -y -q -o DPkg::Lock::Timeout=300)
cleanup+=('installed && "${apt[@]}" purge ntpscope >/dev/null 2>&1')
"${apt[@]}" -o "DPkg::Options::=--path-include=/usr/share/man/man1/ntpscope*" install "$deb" \
  >"$dir/apt.log" 2>&1 || fail "apt-get install $deb: $(tail -20 "$dir/apt.log")"
installed || fail "apt-get install left ntpscope not installed"

/usr/bin/ntpscope --version >"$dir/version" || fail "/usr/bin/ntpscope --version failed"
head -1 "$dir/version" | grep -qx "ntpscope $(dpkg-query -W -f='${Version}' ntpscope | sed 's/-[^-]*$//')" ||
  fail "--version says '$(head -1 "$dir/version")'"
grep -q 'BPF ring buffer .* yes' "$dir/version" || fail "--version as root: $(cat "$dir/version")"

# `record` with no -o: a trace named after the host and the UTC start time, here, and said so.
mkdir "$dir/cwd"
(cd "$dir/cwd" && /usr/bin/ntpscope record --comm ntps-test-none --duration 1s -q) 2>"$dir/record.err" ||
  fail "record without -o: $(cat "$dir/record.err")"
traces=("$dir"/cwd/*)
trace=$(basename "${traces[0]}")
[ ${#traces[@]} = 1 ] && [[ $trace =~ ^ntpscope-$(hostname)-[0-9]{8}T[0-9]{6}Z\.trace$ ]] ||
  fail "record without -o wrote ${traces[*]}"
grep -qx "ntpscope: recording to $trace" "$dir/record.err" || fail "record did not say where: $(cat "$dir/record.err")"
/usr/bin/ntpscope summary "${traces[0]}" >/dev/null || fail "summary cannot read $trace"

for page in ntpscope ntpscope-record; do
  [ "$(man -w "$page")" = "/usr/share/man/man1/$page.1.gz" ] || fail "man -w $page: $(man -w "$page" 2>&1)"
done

# bash-completion loads it on demand from its standard place; zsh finds it in its fpath.
complete_line=$(bash -c 'source /usr/share/bash-completion/bash_completion && _completion_loader ntpscope;
                         complete -p ntpscope' 2>&1) || fail "bash did not load the completion: $complete_line"
[[ $complete_line == *"-F _ntpscope ntpscope" ]] || fail "bash completion: $complete_line"
zsh_function=$(zsh -f -c "autoload -Uz compinit && compinit -u -d $dir/zcompdump && print -r -- \${_comps[ntpscope]}")
[ "$zsh_function" = _ntpscope ] || fail "zsh's compinit found '$zsh_function' for ntpscope"

for unit in "$source_dir"/cmake/package/*.service; do
  [ -e "$unit" ] || continue
  cmp -s "$unit" "/usr/lib/systemd/system/$(basename "$unit")" || fail "$(basename "$unit") is not installed"
done

dpkg -L ntpscope >"$dir/paths"
"${apt[@]}" purge ntpscope >"$dir/apt.log" 2>&1 || fail "apt-get purge ntpscope: $(tail -20 "$dir/apt.log")"
installed && fail "ntpscope is still installed after apt-get purge"
left=()
while read -r path; do
  [ -e "$path" ] || [ -L "$path" ] || continue
  grep -qxF "$path" "$dir/dirs-before" || left+=("$path")
done <"$dir/paths"
[ ${#left[@]} = 0 ] || fail "apt-get purge left ${left[*]}"
echo "installed $(basename "$deb") ($(wc -l <"$dir/paths") paths), ran it, found its man pages and completion, purged it: nothing left"
