# Shared by the package tests; source it with `build` (the build tree) set. Gives a scratch dir
# `$dir` (removed on exit, with whatever the test adds to `cleanup`), `fail`, and `build_deb`.
dir=$(mktemp -d)
cleanup=()
on_exit() {
  for step in "${cleanup[@]}"; do eval "$step" || true; done
  rm -rf "$dir"
}
trap on_exit EXIT

fail() { echo "FAIL: $*" >&2; exit 1; }

# build_deb: sets `deb` to a .deb built from `build` into $dir/deb (never into the build tree,
# where `make deb` may be writing).
build_deb() {
  (cd "$build" && cpack -G DEB -B "$dir/deb" >"$dir/cpack.log" 2>&1) || fail "cpack: $(tail -20 "$dir/cpack.log")"
  local debs=("$dir"/deb/ntpscope_*.deb)
  [ ${#debs[@]} = 1 ] && [ -f "${debs[0]}" ] || fail "cpack made ${#debs[@]} packages: ${debs[*]}"
  deb=${debs[0]}
}

# deb_files DEB: the package's regular files and links, as absolute paths, sorted.
deb_files() { dpkg-deb --fsys-tarfile "$1" | tar -t | grep -v '/$' | sed 's|^\./|/|' | sort; }
