#include "core/diff/catalogue.hpp"

#include <array>

namespace ntpscope::diff {

namespace {

constexpr std::array<KindInfo, static_cast<size_t>(Kind::count_)> kCatalogue{{
    {Kind::no_ntp, "no_ntp",
     "The trace holds no NTP packet at all: the daemon was not traced (wrong pid or comm), "
     "had stopped, or sends and receives nothing.",
     "Check that ntpd/chronyd runs on that host (ps, systemctl status) and that the recording "
     "followed it (the trace header's targets); record again for at least a few poll intervals."},
    {Kind::stuck_unicast, "stuck_unicast",
     "ntpd keeps a unicast client association with a server it should only listen to, and "
     "ignores the server's mode-5 packets; ntpq shows type `u` instead of `b` (`m` in ntpd "
     "4.2.4). Two mechanisms are known: a `server`/`peer` line for that server in ntp.conf, or "
     "the client association of the start-up exchange left behind when it was cleared midway "
     "(ntpd 4.2.x, e.g. by a clock step at start-up). The finding names the one the traces show.",
     "Compare `ntpq -p` on both hosts (column t) and their ntp.conf for a `server`/`peer` line "
     "naming that server. Otherwise restart ntpd, with the clock set before it starts "
     "(ntpdate/`ntpd -gq` first)."},
    {Kind::auth_failure, "auth_failure",
     "The server does not accept the bad host's authentication: it answers with a crypto-NAK "
     "or an authentication Kiss-o'-Death, or it stays silent to requests signed with a key the "
     "good host does not use. ntpd discards such replies, so the server never becomes "
     "reachable.",
     "Compare the `server ... key N` lines, `trustedkey` and the keys file on both hosts with "
     "the server's keys file (same key id, type and secret). `ntpq -c associations` shows the "
     "auth column; the server's log names the rejected key id."},
    {Kind::kod_deny, "kod_deny",
     "The server told the bad host to stop using it (Kiss-o'-Death DENY or RSTR): its access "
     "control refuses this client. ntpd demobilises or stops polling the association.",
     "Check the server's `restrict` lines for the bad host's address or network and any "
     "address translation in between; ask the server's operator."},
    {Kind::kod_rate, "kod_rate",
     "The server rate-limits the bad host (Kiss-o'-Death RATE): the host polls it faster than "
     "its `restrict ... limited` allows, or many clients share the host's address (NAT). ntpd "
     "raises its poll interval and the server's samples go missing.",
     "Compare minpoll/maxpoll and `burst`/`iburst` on the `server` line of both hosts, and "
     "whether the bad host sits behind NAT with other clients; check the server's `discard` "
     "settings."},
    {Kind::no_replies, "no_replies",
     "The bad host sends requests to the server but no reply ever reaches it: the server is "
     "down or unreachable from there, a firewall or ACL drops the requests or the replies, or "
     "the server ignores this client. ntpq shows reach 0 for the server.",
     "Watch the wire on the bad host (`tcpdump -n udp port 123 and host SERVER`) to tell "
     "requests that leave from replies that never come back; check host and network firewalls "
     "(nft list ruleset, iptables -S) and the server's restrict lines."},
    {Kind::no_broadcasts, "no_broadcasts",
     "The good host hears the server's multicast/broadcast packets, the bad host hears none: "
     "it has not joined the group, the packets do not reach its interface (IGMP snooping, "
     "multicast routing, TTL), or a firewall drops them.",
     "On the bad host check `ip maddr show` for the group (224.0.1.1), the multicast route, "
     "`tcpdump -n host 224.0.1.1`, and the `multicastclient`/`broadcastclient` lines of "
     "ntp.conf."},
    {Kind::clock_step, "clock_step",
     "The bad host stepped its clock (clock_settime, settimeofday or ADJ_SETOFFSET) while the "
     "good host only slewed. A step means the offset exceeded the step threshold (128 ms for "
     "ntpd): the clock was far off, or the daemon lost its sources. A step at start-up can also "
     "clear associations in the middle of their calibration volley.",
     "Look for the cause of the offset: a bad RTC at boot, a VM pause or migration, another "
     "program setting the time (ntpdate, systemd-timesyncd, hypervisor tools). Check the "
     "daemon's log around the step's timestamp."},
    {Kind::foreign_clock_step, "foreign_clock_step",
     "A process other than the NTP daemon stepped the bad host's clock, or tried to (calls the "
     "kernel refused are listed too). The daemon then sees a sudden offset it did not cause, "
     "may step back, and its associations can restart their start-up exchange.",
     "Find the process by its pid and name in the evidence: ntpdate or rdate in cron, a "
     "hypervisor agent, a container runtime, a hand-run `date -s`. Remove it, or let only one "
     "program own the clock."},
    {Kind::clock_writers, "clock_writers",
     "More than one process disciplines the bad host's clock (adjtimex/clock_adjtime with "
     "modes, or steps). Two disciplines fight: each sees the other's corrections as offset. "
     "systemd-timesyncd running beside ntpd or chronyd is the classic case.",
     "Keep one: `systemctl disable --now systemd-timesyncd` (or the other program named in the "
     "evidence), then watch the offset settle."},
    {Kind::peer_missing, "peer_missing",
     "The good host has an association with this server, the bad host none: it is missing "
     "from the bad host's configuration, it was demobilised, or its traffic never happens.",
     "Compare the `server`/`peer`/`pool` lines of both configurations and `ntpq -p`; check "
     "whether the bad host resolves the server's name to the same address."},
    {Kind::mode_mismatch, "mode_mismatch",
     "The two hosts run different kinds of association with this server (client, multicast, "
     "broadcast, symmetric): different configurations, or one association changed mode.",
     "Compare the configuration lines for this server on both hosts and the t column of "
     "`ntpq -p`."},
    {Kind::reply_loss, "reply_loss",
     "A clearly larger share of the bad host's requests to this server goes unanswered: packet "
     "loss on the path, a congested or rate-limiting server, or a stateful firewall timing out.",
     "Check interface and UDP error counters (`ip -s link`, `nstat -az | grep -i udp`), the "
     "path (`mtr -u -P 123 SERVER`) and the server's load."},
    {Kind::broadcast_loss, "broadcast_loss",
     "The bad host hears the server's multicast/broadcast packets much less often than the good "
     "host: multicast loss on its segment, IGMP membership timing out, or receive buffer drops.",
     "Check `ip maddr`, the switch's IGMP snooping/querier, and UDP receive errors "
     "(`nstat -az | grep -i UdpRcvbufErrors`) on the bad host."},
    {Kind::key_mismatch, "key_mismatch",
     "The hosts authenticate differently to the same server (other key id, or a MAC on one "
     "side only). It works for now, but the configurations differ.",
     "Compare the `server ... key N` lines, `trustedkey` and the keys files of both hosts."},
    {Kind::kod_other, "kod_other",
     "The server sent the bad host a Kiss-o'-Death code other than RATE, DENY or RSTR (for "
     "example INIT, STEP, ACST): it refuses or delays service for a reason of its own.",
     "Look the code up in RFC 5905 section 7.4 and check the server's state and log."},
    {Kind::clock_unsync, "clock_unsync",
     "The bad host's kernel clock is marked unsynchronised (STA_UNSYNC, TIME_ERROR) while the "
     "good host's is not: the daemon has no selectable source, so it does not discipline the "
     "clock.",
     "Run `ntpq -p` (no `*` line means no system peer) or `chronyc sources`; check the other "
     "findings for sources that are unreachable or rejected."},
    {Kind::discipline_missing, "discipline_missing",
     "The good host adjusts its clock regularly (adjtimex/clock_adjtime), the bad host much "
     "less or not at all: its daemon has no usable source, or clock discipline is disabled "
     "(`disable ntp`, chronyd -x), or another program owns the clock.",
     "Check `ntpq -c rv` (sync status) or `chronyc tracking`, the configuration for `disable "
     "ntp`/`-x`, and other time daemons running on the host."},
    {Kind::socket_missing, "socket_missing",
     "The good host receives NTP on a multicast-group socket that the bad host does not have: "
     "the bad host never bound or joined the group, so it cannot hear multicast servers.",
     "Check the bad host's `multicastclient` line and ntpd's start-up log for 'Listen and drop' "
     "or bind errors; `ss -ulpn sport = :123` lists ntpd's sockets."},
    {Kind::socket_errors, "socket_errors",
     "Send or receive calls on this socket fail on the bad host (errors other than EAGAIN): "
     "EPERM/EACCES from a local firewall, ENETUNREACH/EHOSTUNREACH from routing, ENOBUFS under "
     "memory pressure.",
     "Read the errno breakdown in the evidence; check `ip route get SERVER`, the local "
     "firewall's OUTPUT/INPUT rules, and the interface's state at the example timestamps."},
    {Kind::offset_divergence, "offset_divergence",
     "The bad host measures a much larger offset to this server than the good host: its clock "
     "is off (not disciplined, or recently stepped), or the path to the server is asymmetric.",
     "Compare `ntpq -p` offsets on both hosts and the bad host's other servers: the same offset "
     "to every server means the host clock is off; one server only means that path or server."},
    {Kind::freq_limit, "freq_limit",
     "The bad host's kernel frequency correction sits at or near its limit (500 ppm): the "
     "oscillator is far off (failing hardware, a VM clocksource problem) or the discipline loop "
     "is fighting something else that adjusts the clock.",
     "Check the clocksource (/sys/devices/system/clocksource/clocksource0/current_clocksource), "
     "the drift file, and other programs adjusting the clock."},
    {Kind::discipline_offset, "discipline_offset",
     "The offset the bad host's daemon hands to the kernel is much larger than the good host's: "
     "the clock is not converging.",
     "Check the other findings for bad or missing sources and for steps; `ntptime` shows the "
     "kernel's offset and status."},
    {Kind::poll_mismatch, "poll_mismatch",
     "The hosts poll the same server at clearly different intervals. Often harmless (ntpd "
     "raises the poll as the clock settles, so a recently restarted host polls faster), but it "
     "can come from different minpoll/maxpoll or from loss that keeps the poll low.",
     "Compare minpoll/maxpoll in both configurations and how long each daemon has run."},
    {Kind::burst_polling, "burst_polling",
     "The bad host sends bursts of requests again and again (not just a start-up volley): the "
     "`burst` option, or `iburst` re-firing because the server keeps becoming unreachable. "
     "Servers may answer bursts with KoD RATE.",
     "Check the `server` line for `burst`, and reachability findings for this server."},
    {Kind::delay_divergence, "delay_divergence",
     "The round-trip delay to this server is much larger from the bad host: a longer or "
     "congested path, or a busy host delaying its own timestamps.",
     "Compare `ntpq -p` delays and trace the path (`mtr -u -P 123 SERVER`) from both hosts."},
    {Kind::extra_peer, "extra_peer",
     "The bad host has an association with a server the good host does not talk to: a "
     "configuration difference, which is harmless unless that server is a bad time source.",
     "Compare the `server`/`pool` lines of both configurations."},
    {Kind::socket_activity, "socket_activity",
     "The same socket role sees clearly different traffic on the two hosts (receive calls, "
     "EAGAIN reads, sends per hour). It is usually the socket-level trace of a peer finding.",
     "Read it together with the peer findings above it; the examples name the fds and peers."},
    {Kind::lost_events, "lost_events",
     "The recorder could not hand over some events (ring buffer full): every count of that "
     "trace is a lower bound, and a missing packet may be missing from the trace only.",
     "Record again with a larger ring buffer (`ntpscope record --ring-kib`) or fewer followed "
     "processes, and compare the findings."},
    {Kind::trace_incomplete, "trace_incomplete",
     "The trace is incomplete (no footer, events omitted from batches, payloads cut short, or "
     "lines the reader could not use): some counts may be low.",
     "Read the notes in the evidence; record again and stop the recorder with Ctrl-C so it "
     "writes its footer."},
    {Kind::short_trace, "short_trace",
     "The trace is too short to judge some poll intervals (fewer than two steady intervals "
     "for some servers): poll comparisons for those servers are not meaningful.",
     "Record for at least a few maximum poll intervals (an hour covers a 1024 s poll three "
     "times)."},
}};

}  // namespace

const KindInfo& kind_info(Kind kind) { return kCatalogue[static_cast<size_t>(kind)]; }

const CauseInfo& stuck_cause_info(StuckCause cause) {
    static constexpr std::array<CauseInfo, 2> kStuckCauses{{
        {"configured_server",
         "The bad host's ntpd has a `server` (or `peer`) line for this server: it polls it as a "
         "unicast client from the start, from its interface socket, and never makes a multicast "
         "association for it, so the server's mode-5 packets are ignored. ntpq shows type `u`.",
         "Check ntp.conf (and any included files) on the bad host for a `server`/`peer` line "
         "naming this server, and compare with the good host's; remove it if the server should "
         "only be heard by multicast, then restart ntpd."},
        {"left_behind",
         "The bad host's requests to this server follow the start-up exchange that the server's "
         "first multicast packet began: the client association of that exchange was left behind "
         "instead of turning into a multicast one. In ntpd 4.2.x this happens when the "
         "association is cleared mid-exchange, for example by a clock step at start-up (the "
         "seed's case, 2011); it then sends from its multicast socket, polls up to every 1024 s "
         "and ignores the server's mode-5 packets. ntpq shows type `u`.",
         "Restart ntpd on the bad host, and set the clock before starting it (ntpdate or "
         "`ntpd -gq` first) so that no step clears the start-up exchange; look for a "
         "'time reset' in its log at start-up. If it comes back, upgrade ntpd."},
    }};
    return kStuckCauses[static_cast<size_t>(cause)];
}

std::span<const KindInfo> catalogue() { return kCatalogue; }

}  // namespace ntpscope::diff
