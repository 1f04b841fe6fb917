#!/usr/bin/env bash
# Classic ntpd 4.2.8p15 (the seed's daemon family) for the lab. Debian 12 ships only NTPsec, so
# this takes Debian 11's packages (ntp, libopts25, libssl1.1) and unpacks them into a cache; it
# never installs anything system-wide (ntp would replace ntpsec).
#
# The .debs live in the repo (lab/classic/debs, checked against SHA256SUMS), so CI never needs
# the mirror; only when one is missing or its checksum fails are they fetched again with apt,
# from the Debian 11 suite of the archive this machine's own apt sources name, with a private
# sources list, state and cache.
#
# Prints the unpacked root (ROOT/usr/sbin/ntpd, libraries under ROOT/usr/lib/x86_64-linux-gnu);
# run ntpd with LD_LIBRARY_PATH pointing there.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
DEBS=$HERE/debs
PACKAGES=(ntp libopts25 libssl1.1)
SUITE=bullseye
CACHE=${LAB_CACHE:-/var/cache/ntpscope-lab}

log() { printf 'classic: %s\n' "$*" >&2; }
die() { printf 'classic: error: %s\n' "$*" >&2; exit 1; }

debs_ok() { [[ -s $DEBS/SHA256SUMS ]] && (cd "$DEBS" && sha256sum --quiet --strict -c SHA256SUMS) >/dev/null 2>&1; }

# The Debian archive (not the security one) this machine's apt already uses.
archive_uri() {
    local uri
    uri=$(cat /etc/apt/sources.list.d/*.sources 2>/dev/null |
        sed -n 's/^URIs:[[:space:]]*//p' | tr ' ' '\n' | grep -v -- '-security' | grep -m1 . || true)
    [[ -n $uri ]] || uri=$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null |
        awk '$1 == "deb" && $2 !~ /security/ { print $2; exit }' || true)
    [[ -n $uri ]] || die "no Debian archive in /etc/apt/sources.list*"
    echo "$uri"
}

fetch_debs() {
    local work uri
    uri=$(archive_uri)
    work=$(mktemp -d)
    trap 'rm -rf "$work"' RETURN
    mkdir -p "$work/lists/partial" "$work/archives/partial" "$work/dl"
    : >"$work/status"
    cat >"$work/sources.list" <<SRC
deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $uri $SUITE main
SRC
    local opts=(-o "Dir::Etc::SourceList=$work/sources.list" -o "Dir::Etc::SourceParts=-"
        -o "Dir::State::Lists=$work/lists" -o "Dir::State::Status=$work/status"
        -o "Dir::Cache=$work" -o "Dir::Cache::Archives=$work/archives"
        -o "APT::Architecture=amd64" -o "Debug::NoLocking=1" -o "APT::Sandbox::User=root")
    log "fetching ${PACKAGES[*]} from $uri $SUITE"
    apt-get "${opts[@]}" -qq update >&2 || die "apt-get update of $SUITE from $uri failed"
    (cd "$work/dl" && apt-get "${opts[@]}" -qq download "${PACKAGES[@]}" >&2) ||
        die "apt-get download ${PACKAGES[*]} failed"
    mkdir -p "$DEBS"
    rm -f "$DEBS"/*.deb
    cp "$work"/dl/*.deb "$DEBS/"
    (cd "$DEBS" && sha256sum -- *.deb >SHA256SUMS)
}

debs_ok || fetch_debs
debs_ok || die "the packages in $DEBS do not match SHA256SUMS"

# One unpacked tree per set of packages: a changed SHA256SUMS gets a fresh one.
root=$CACHE/classic-$(sha256sum "$DEBS/SHA256SUMS" | cut -c1-12)
if [[ ! -x $root/usr/sbin/ntpd ]]; then
    log "unpacking into $root"
    rm -rf "$root.tmp"
    mkdir -p "$root.tmp"
    for deb in "$DEBS"/*.deb; do
        dpkg-deb -x "$deb" "$root.tmp"
    done
    rm -rf "$root"
    mv "$root.tmp" "$root"
fi
echo "$root"
