#!/usr/bin/env bash
# The live view (issue 16) against a real NTPsec client in a network namespace, polling one
# NTPsec server every 8 s:
#   1. `watch --metrics-listen` on loopback; its metrics agree with the client's `ntpq -p`
#      (type, poll, reach);
#   2. a real Prometheus (own config and storage in a temp dir, 1 s scrapes) returns
#      ntpscope_peer_reach for the server from its HTTP API, and `promtool check metrics`
#      accepts the exposition;
#   3. the server's replies dropped with nft inside the client's namespace: the change line
#      appears within two polls;
#   4. `top` in tmux: the peer row on the screen, reverse video headings unless NO_COLOR, q quits.
# Root only (exit 77 otherwise). Never touches the clock (the lab's daemons run `disable ntp`
# without CAP_SYS_TIME); everything it started is stopped, and its namespaces deleted, on any exit.
# Usage: live_view_test.sh NTPSCOPE
set -euo pipefail

NTPSCOPE=$(realpath "$1")
[[ $(id -u) == 0 ]] || { echo "live_view_test: needs root, skipped"; exit 77; }
for tool in ntpd ntpq nft prometheus promtool tmux curl python3; do
    command -v "$tool" >/dev/null || { echo "live_view_test: $tool missing (cmake/install-deps.sh)" >&2; exit 1; }
done

REPO=$(cd "$(dirname "$0")/../.." && pwd)
source "$REPO/lab/lib/common.sh"
source "$REPO/lab/lib/topology.sh"
source "$REPO/lab/lib/faults.sh"
source "$REPO/lab/lib/ntpsec.sh"
LAB_SCENARIO=live-view
POLL=8
SERVER=${LAB_ADDR[s51]}

work=$(mktemp -d /tmp/ntpscope-live.XXXXXX)
tmux_socket=ntpscope-live-$$
started=()  # pids of the processes this script started (not the lab's daemons: lab_teardown)
cleanup() {
    local status=$?
    tmux -L "$tmux_socket" kill-server 2>/dev/null || true
    local pid
    for pid in "${started[@]+"${started[@]}"}"; do kill -TERM "$pid" 2>/dev/null || true; done
    # Only these: the lab's daemons are this shell's jobs too, and lab_teardown stops them.
    for pid in "${started[@]+"${started[@]}"}"; do wait "$pid" 2>/dev/null || true; done
    lab_teardown
    if ((status != 0)); then
        echo "--- watch log"; cat "$work/watch.log" 2>/dev/null || true
        echo "--- prometheus log (tail)"; tail -n 5 "$work/prometheus.log" 2>/dev/null || true
    fi >&2
    rm -rf "$work"
    exit "$status"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

fail() { echo "live_view_test: FAIL: $*" >&2; exit 1; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
now() { date +%s.%N; }
elapsed_since() { python3 -c "import sys,time; print(f'{time.time() - float(sys.argv[1]):.1f}')" "$1"; }

# The lab: server s51 and one client, `good`, that polls it every 8 s.
lab_init
lab_topology_up s51 good
ntpsec_server_conf s51
ntpsec_start s51
ntpsec_wait_serving s51
mkdir -p "$LAB_STATE/good"
{
    echo "disable ntp"
    ntpsec_common_conf "$LAB_STATE/good"
    echo "server $SERVER iburst minpoll 3 maxpoll 3"
} >"$LAB_STATE/good/ntp.conf"
ntpsec_start good
client_pid=$(lab_pid good)
client_ns=$(lab_netns good)

# 1. watch with metrics on loopback.
metrics_port=$(free_port)
"$NTPSCOPE" watch --pid "$client_pid" --dir "$work/segments" --metrics-listen "127.0.0.1:$metrics_port" \
    --log-format text -q 2>"$work/watch.log" &
started+=($!)
metrics() { curl -sf "http://127.0.0.1:$metrics_port/metrics"; }
metric() { metrics | awk -v series="$1" '$1 == series { print $2 }'; }

# ntpq's row for the server: remote refid st t when poll reach delay offset jitter.
ntpq_row() { ip netns exec "$client_ns" ntpq -pn 127.0.0.1 2>/dev/null | awk -v s="$SERVER" 'index($1, s) { print }'; }

# Both views agree once ntpd's register is full (during the iburst volley ntpd shifts reach once
# per poll while ntpscope sees each request): compare when ntpq shows 377, a few times over.
agreed=0
for _ in $(seq 1 150); do
    read -r _ _ _ t _ poll reach _ <<<"$(ntpq_row)" || true
    if [[ ${reach:-} == 377 ]]; then
        m_type=$(metrics | sed -n "s/^ntpscope_peer_info{peer=\"$SERVER\",type=\"\\(.\\)\"} 1$/\\1/p")
        m_reach=$(metric "ntpscope_peer_reach{peer=\"$SERVER\"}")
        m_poll=$(metric "ntpscope_peer_poll_seconds{peer=\"$SERVER\"}")
        if [[ $m_type == "$t" && $m_poll == "$poll" && $(printf '%o' "${m_reach:-0}") == "$reach" ]]; then
            agreed=$((agreed + 1))
            ((agreed < 3)) || break
        else
            echo "live_view_test: not yet: ntpq t=$t poll=$poll reach=$reach, metrics type=$m_type poll=$m_poll reach=$m_reach" >&2
        fi
    fi
    sleep 1
done
((agreed >= 3)) || fail "metrics never agreed with ntpq -p: $(ntpq_row)"
echo "live_view_test: ${SECONDS} s: metrics agree with ntpq -p (type $t, poll $poll, reach $reach)"
metrics | promtool check metrics || fail "promtool check metrics rejects the exposition"

# 2. A real Prometheus scrapes it.
prom_port=$(free_port)
cat >"$work/prometheus.yml" <<YAML
global:
  scrape_interval: 1s
  evaluation_interval: 1s
scrape_configs:
  - job_name: ntpscope
    static_configs:
      - targets: ['127.0.0.1:$metrics_port']
YAML
prometheus --config.file="$work/prometheus.yml" --storage.tsdb.path="$work/prometheus-data" \
    --web.listen-address="127.0.0.1:$prom_port" >"$work/prometheus.log" 2>&1 &
started+=($!)
answer=""
for _ in $(seq 1 60); do
    answer=$(curl -sf "http://127.0.0.1:$prom_port/api/v1/query?query=ntpscope_peer_reach" || true)
    grep -q "\"peer\":\"$SERVER\"" <<<"$answer" && break
    sleep 1
done
grep -q "\"peer\":\"$SERVER\"" <<<"$answer" || fail "Prometheus has no ntpscope_peer_reach for $SERVER: $answer"
grep -q '"value":\[[0-9.]*,"255"\]' <<<"$answer" || fail "Prometheus's reach for $SERVER is not 255: $answer"
echo "live_view_test: ${SECONDS} s: Prometheus returns ntpscope_peer_reach for $SERVER: $answer"

# 4 (before the drop, while reach is full). top in tmux, first with NO_COLOR, then with colour.
check_top() {
    local colour=$1 session=top$1 screen
    local env=(env NO_COLOR=1)
    [[ $colour == 1 ]] && env=(env -u NO_COLOR)
    tmux -L "$tmux_socket" new-session -d -s "$session" -x 120 -y 30 \
        "${env[@]}" "$NTPSCOPE" top --pid "$client_pid"
    # A fresh recording knows the poll interval from its second request on.
    local row="^ *$SERVER +[^ ]+ +[0-9]+ +u +[0-9]+ +$POLL +[0-7]+ "
    for _ in $(seq 1 $((6 * POLL))); do
        screen=$(tmux -L "$tmux_socket" capture-pane -p -t "$session")
        grep -Eq "$row" <<<"$screen" && break
        sleep 0.5
    done
    grep -Eq "$row" <<<"$screen" ||
        fail "top shows no u row with poll $POLL for $SERVER:"$'\n'"$screen"
    grep -q "q quits" <<<"$screen" || fail "top's first line is missing: $screen"
    grep -Eq "events [0-9]" <<<"$screen" || fail "top's status line is missing: $screen"
    local styled
    styled=$(tmux -L "$tmux_socket" capture-pane -e -p -t "$session")
    if [[ $colour == 1 ]]; then
        grep -q $'\x1b\[7m' <<<"$styled" || fail "top draws no reverse-video heading on a terminal"
    else
        grep -q $'\x1b\[[0-9;]*m' <<<"$styled" && fail "top uses colour although NO_COLOR is set"
    fi
    tmux -L "$tmux_socket" send-keys -t "$session" q
    for _ in $(seq 1 20); do
        tmux -L "$tmux_socket" has-session -t "$session" 2>/dev/null || break
        sleep 0.25
    done
    ! tmux -L "$tmux_socket" has-session -t "$session" 2>/dev/null || fail "top did not quit on q"
    echo "live_view_test: ${SECONDS} s: top (colour $colour) shows the peer row and quits on q"
}
check_top 0
check_top 1

# 3. Drop the server's replies in the client's namespace.
dropped_at=$(now)
ip netns exec "$client_ns" nft -f - <<NFT
table inet ntpscope_live_test {
    chain input {
        type filter hook input priority filter; policy accept;
        ip saddr $SERVER udp sport 123 drop
    }
}
NFT
seen=""
for _ in $(seq 1 $((4 * POLL * 3))); do
    seen=$(grep -E "  $SERVER  (reach dropped|replies stopped)" "$work/watch.log" || true)
    [[ -n $seen ]] && break
    sleep 0.25
done
took=$(elapsed_since "$dropped_at")
[[ -n $seen ]] || fail "no reach/replies change line for $SERVER after the drop"
python3 -c "import sys; sys.exit(float(sys.argv[1]) > 2 * float(sys.argv[2]))" "$took" "$POLL" ||
    fail "the change line took ${took} s, more than two polls ($((2 * POLL)) s)"
echo "live_view_test: change line ${took} s after the drop: $seen"
for _ in $(seq 1 $((4 * POLL * 3))); do
    grep -q "  $SERVER  replies stopped" "$work/watch.log" && break
    sleep 0.25
done
grep -q "  $SERVER  replies stopped" "$work/watch.log" || fail "no 'replies stopped' line"
grep -q $'[\x01-\x08\x0b-\x1f\x7f]' "$work/watch.log" && fail "the change log holds control characters"
echo "live_view_test: change log:"
sed 's/^/    /' "$work/watch.log"
echo "live_view_test: PASS"
