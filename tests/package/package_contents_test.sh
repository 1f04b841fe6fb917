#!/usr/bin/env bash
# The .deb `make deb` builds (no root needed): lintian finds no error; it holds the binary, a man
# page for the program and one per subcommand, both completions, the docs with copyright and
# changelog, and the watch unit once it exists; its Depends were found by dpkg-shlibdeps; and
# `make install` installs exactly the same files (under /usr here, zsh's under /usr/local).
# Usage: package_contents_test.sh BUILD_DIR SOURCE_DIR
set -euo pipefail
build=$(realpath "$1")
source_dir=$(realpath "$2")
source "$(dirname "$0")/lib.sh"

build_deb
name=$(basename "$deb")
version=$("$build/ntpscope" --version | head -1 | cut -d' ' -f2)
[[ $name == ntpscope_${version}-[0-9]*_$(dpkg --print-architecture).deb ]] || fail "package file name $name"

lintian --fail-on error --tag-display-limit 0 "$deb" >"$dir/lintian" 2>&1 || fail "lintian: $(cat "$dir/lintian")"
grep -q '^E: ' "$dir/lintian" && fail "lintian: $(cat "$dir/lintian")"

deb_files "$deb" >"$dir/files"
want=(/usr/bin/ntpscope /usr/share/man/man1/ntpscope.1.gz
      /usr/share/bash-completion/completions/ntpscope /usr/share/zsh/vendor-completions/_ntpscope
      /usr/share/doc/ntpscope/copyright /usr/share/doc/ntpscope/changelog.Debian.gz
      /usr/share/doc/ntpscope/README.md)
while IFS=$'\t' read -r command _; do
  want+=("/usr/share/man/man1/ntpscope-$command.1.gz")
done < <("$build/ntpscope" --commands)
for unit in "$source_dir"/cmake/package/*.service; do
  [ -e "$unit" ] && want+=("/usr/lib/systemd/system/$(basename "$unit")")
done
for path in "${want[@]}"; do grep -qxF "$path" "$dir/files" || fail "$name has no $path"; done

depends=$(dpkg-deb -f "$deb" Depends)
for lib in libbpf libpcap libc6; do
  [[ $depends == *"$lib"* ]] || fail "Depends ($depends) does not name $lib"
done

# The man pages are the binary's own help: the record page lists record's options and exit 3.
dpkg-deb -x "$deb" "$dir/unpacked"
man_page() { gunzip -c "$dir/unpacked/usr/share/man/man1/$1.1.gz" >"$dir/$1.1"; echo "$dir/$1.1"; }
grep -qF -- '\-\-output' "$(man_page ntpscope-record)" || fail "ntpscope-record(1) does not describe --output"
sed -n '/^\.SH "EXIT STATUS"/,/^\.SH/p' "$(man_page ntpscope-record)" | grep -q 'events were lost' ||
  fail "ntpscope-record(1) has no EXIT STATUS section with status 3"
grep -q 'ntpscope-record (1)' "$(man_page ntpscope)" || fail "ntpscope(1) does not refer to ntpscope-record(1)"

# `make install` (cmake --install) under /usr: the same files as the package.
DESTDIR="$dir/usr-install" cmake --install "$build" --prefix /usr >/dev/null
(cd "$dir/usr-install" && find . ! -type d | sed 's|^\./|/|' | sort) >"$dir/installed"
diff "$dir/files" "$dir/installed" >"$dir/difference" ||
  fail "make install and the package differ (< package, > install): $(cat "$dir/difference")"

# Under /usr/local zsh looks in site-functions; everything else keeps its place.
DESTDIR="$dir/local-install" cmake --install "$build" --prefix /usr/local >/dev/null
[ -f "$dir/local-install/usr/local/share/zsh/site-functions/_ntpscope" ] || fail "no zsh completion under /usr/local"
[ -x "$dir/local-install/usr/local/bin/ntpscope" ] || fail "no /usr/local/bin/ntpscope"
echo "package: $name, $(wc -l <"$dir/files") files, Depends: $depends; lintian: $(grep -c '^[WI]: ' "$dir/lintian" || true) warnings/infos"
