#!/usr/bin/env bash
# Installs the Debian 12 packages ntpscope needs to build and test. Does nothing when they are
# all present, so `make check` stays fast on a prepared machine.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config clang llvm libclang-rt-14-dev
  libbpf-dev bpftool libelf-dev zlib1g-dev
  libcli11-dev libspdlog-dev libfmt-dev libsimdjson-dev libpcap-dev
  googletest libgtest-dev libbenchmark-dev libssl-dev faketime
  iproute2 nftables ntpsec strace bpftrace tcpdump tshark chromium
  help2man dpkg-dev lintian man-db bash-completion zsh
  libcpp-httplib-dev prometheus tmux curl
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
  echo "install-deps: missing Debian packages: ${missing[*]}; run as root (sudo make check) or install them" >&2
  exit 1
fi
echo "install-deps: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
# The ntpsec package must not start a system daemon here; policy-rc.d may already deny it.
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
