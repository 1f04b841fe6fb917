# Optional chrony clients (--chrony). chrony conflicts with ntpsec as a Debian package, so the
# lab runs chronyd from the unpacked .deb, with -x so it never touches the clock.

LAB_CACHE=${LAB_CACHE:-/var/cache/ntpscope-lab}

# chrony_binary: path of chronyd, downloading and unpacking the package once.
chrony_binary() {
    local dir=$LAB_CACHE/chrony
    if [[ ! -x $dir/usr/sbin/chronyd ]]; then
        lab_log "fetching chrony with apt-get download (once, into $dir)"
        local tmp
        tmp=$(mktemp -d)
        (cd "$tmp" && apt-get download -q chrony >/dev/null 2>&1) ||
            { rm -rf "$tmp"; lab_die "apt-get download chrony failed"; }
        mkdir -p "$dir"
        dpkg-deb -x "$tmp"/chrony_*.deb "$dir"
        rm -rf "$tmp"
    fi
    echo "$dir/usr/sbin/chronyd"
}

# chrony_client_conf NODE SIDE: polls every lab server every second; serves nobody.
chrony_client_conf() {
    local node=$1 side=$2 dir=$LAB_STATE/$1 server
    mkdir -p "$dir/log"
    # chronyd opens its command socket only in a folder others cannot enter.
    mkdir -p -m 0700 "$dir/cmd"
    {
        echo "# lab $side chrony client $node (${LAB_ADDR[$node]}), scenario $LAB_SCENARIO"
        for server in "${LAB_SERVERS[@]}"; do
            echo "server ${LAB_ADDR[$server]} iburst minpoll 0 maxpoll 0$(fault_client_server_opts "$side" "$server")"
        done
        fault_client_conf "$side" "$dir" chrony
        cat <<EOF
port 0
cmdport 0
bindcmdaddress $dir/cmd/chronyd.sock
driftfile $dir/chrony.drift
pidfile $dir/chronyd.pid
logdir $dir/log
log measurements statistics
EOF
    } >"$dir/chrony.conf"
}

chrony_start() {
    local node=$1 chronyd
    chronyd=$(chrony_binary)
    lab_spawn "$node" "$node" "$chronyd" -d -x -u root -f "$LAB_STATE/$node/chrony.conf"
}
