#!/usr/bin/env python3
"""Checks of the end-to-end suite. Each reads what run_scenarios.sh left in its output dir.

  check.py findings RUN   the top finding names the faulty server and the right kind of cause;
                          for `none`, no finding above info
  check.py html RUN       report.html loads in headless Chromium without network: not empty,
                          every finding shown, one SVG timeline per peer, no console errors
  check.py fleet RUN      `fleet` on the fleet lab: exactly the faulty clients are outliers, each
                          alone in its group, whose top finding names its faulty server
  check.py leftovers OUT  no namespace, daemon or recorder of any scenario is left
  check.py ntpq RUN --ntpscope BIN   each classic client's summary agrees with its ntpq -p

RUN is OUT/SCENARIO. Exit 0 pass, 1 fail, 77 skipped (the setup was skipped).
"""
import argparse
import html
import html.parser
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile

SKIP = 77
LAB_RUN_DIR = os.environ.get("LAB_RUN_DIR", "/run/ntpscope-lab")

# The kind of cause each fault must be diagnosed as (names from src/core/diff/catalogue.hpp).
EXPECTED_KINDS = {
    "kod-rate": {"kod_rate"},
    "drop-replies": {"no_replies"},
    "bad-key": {"auth_failure"},
    "multicast-stuck": {"stuck_unicast"},
    "classic-server-line": {"stuck_unicast"},
}
# The mechanism a finding must name where a kind has several (Finding.cause).
EXPECTED_CAUSES = {
    "multicast-stuck": "left_behind",
    "classic-server-line": "configured_server",
}
HEALTHY = {"none", "classic-none"}


class Failure(Exception):
    pass


def check(condition, message):
    if not condition:
        raise Failure(message)


def read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def load_env(path):
    env = {}
    for line in read(path).splitlines():
        key, _, value = line.partition("=")
        words = shlex.split(value)
        env[key] = words[0] if words else ""
    return env


def log_tail(run, lines=15):
    try:
        return "\n".join(read(run + ".log").splitlines()[-lines:])
    except OSError:
        return "(no log)"


def scenario_ran(run):
    """The scenario's lab, recording and diff completed; returns its lab.env."""
    out = os.path.dirname(run.rstrip("/"))
    if os.path.exists(os.path.join(out, "SKIPPED")):
        print("skipped: " + read(os.path.join(out, "SKIPPED")).strip())
        sys.exit(SKIP)
    check(os.path.exists(run + ".exit"), f"{run}: the scenario never ran (no {run}.exit)")
    rc = read(run + ".exit").strip()
    check(rc == "0", f"{run}: lab, record or diff failed (exit {rc}); end of {run}.log:\n{log_tail(run)}")
    return load_env(os.path.join(run, "lab.env"))


def host_of(peer):
    """'10.1.2.3', '10.1.2.3:123' or '[::1]:123' -> the address alone."""
    peer = peer or ""
    if peer.startswith("["):
        return peer[1:].split("]")[0]
    return peer.split(":")[0] if peer.count(":") == 1 else peer


def check_findings(run):
    env = scenario_ran(run)
    scenario = env["LAB_SCENARIO"]
    diff = json.loads(read(os.path.join(run, "diff.json")))
    findings = diff["findings"]
    exit_code = read(os.path.join(run, "logs", "diff-json.exit")).strip()
    ranks = [f["rank"] for f in findings]
    check(ranks == list(range(1, len(findings) + 1)), f"ranks are not 1..n in order: {ranks}")
    listing = "\n".join(f"  {f['rank']}. [{f['severity']}] {f['kind']} {f.get('peer')}: {f['title']}"
                        for f in findings)
    if scenario in HEALTHY:
        above = [f for f in findings if f["severity"] != "info"]
        check(not above, f"healthy clients, yet findings above info:\n{listing}")
        check(exit_code == "0", f"diff exited {exit_code} on two healthy clients (want 0)")
        print(f"{scenario}: {len(findings)} findings, all info")
        return
    faulty = env["LAB_FAULTY_SERVER"]
    check(findings, f"{scenario}: no findings; the bad client talks to a faulty {faulty}")
    top = findings[0]
    where = f"findings (rank, severity, kind, peer, title):\n{listing}"
    check(host_of(top.get("peer")) == faulty,
          f"{scenario}: the top finding names peer {top.get('peer')}, not the faulty server {faulty}\n{where}")
    check(top["kind"] in EXPECTED_KINDS[scenario],
          f"{scenario}: top finding is {top['kind']}, want one of {sorted(EXPECTED_KINDS[scenario])}\n{where}")
    check(top["severity"] != "info", f"{scenario}: the top finding is only info\n{where}")
    if scenario in EXPECTED_CAUSES:
        check(top.get("cause") == EXPECTED_CAUSES[scenario],
              f"{scenario}: the top finding's cause is {top.get('cause')}, want {EXPECTED_CAUSES[scenario]}\n{where}")
    check(exit_code == "1", f"diff exited {exit_code} with findings above info (want 1)")
    print(f"{scenario}: top finding {top['kind']} on {faulty}: {top['title']}")


def pairs(value):
    """'c01=1 c02=2' -> {'c01': '1', 'c02': '2'}, as lab.env writes LAB_FLEET_*."""
    return dict(word.split("=", 1) for word in value.split())


def check_fleet(run):
    env = scenario_ran(run)
    report = json.loads(read(os.path.join(run, "fleet.json")))
    exit_code = read(os.path.join(run, "logs", "fleet-json.exit")).strip()
    clients = sorted(pairs(env["LAB_FLEET_CLIENT_PIDS"]))
    faults = pairs(env["LAB_FLEET_FAULTS"])
    faulty_server = pairs(env["LAB_FLEET_FAULTY_SERVERS"])
    clusters = report["clusters"]
    listing = "\n".join(
        f"  group {c['id']}: {', '.join(c['hosts'])}; top finding: " +
        (f"[{c['findings'][0]['severity']}] {c['findings'][0]['kind']} {c['findings'][0].get('peer')}"
         if c["findings"] else "none") for c in clusters)
    where = f"groups:\n{listing}"

    check(not report["unreadable"], f"inputs fleet could not read: {report['unreadable']}")
    hosts = sorted(h["name"] for h in report["hosts"])
    check(hosts == clients, f"fleet names the hosts {hosts}, want the clients {clients}")
    outliers = sorted(h["name"] for h in report["hosts"] if h["outlier"])
    check(outliers == sorted(faults), f"outliers {outliers}, want exactly the faulty clients {sorted(faults)}\n{where}")
    check(exit_code == "1", f"fleet exited {exit_code} with outliers (want 1)")
    check(clusters[0]["majority"] and len(clusters[0]["hosts"]) == len(clients) - len(faults),
          f"the majority is not the {len(clients) - len(faults)} healthy clients\n{where}")
    for client, fault in sorted(faults.items()):
        group = next(c for c in clusters if client in c["hosts"])
        check(group["hosts"] == [client], f"{client} ({fault}) shares group {group['id']}\n{where}")
        check(group["findings"], f"{client} ({fault}): its group has no findings\n{where}")
        top = group["findings"][0]
        check(host_of(top.get("peer")) == faulty_server[client],
              f"{client} ({fault}): the top finding names {top.get('peer')}, not {faulty_server[client]}\n{where}")
        check(top["kind"] in EXPECTED_KINDS[fault],
              f"{client} ({fault}): top finding is {top['kind']}, want one of {sorted(EXPECTED_KINDS[fault])}\n{where}")
        check(top["severity"] != "info", f"{client} ({fault}): the top finding is only info\n{where}")
        print(f"{client} ({fault}): alone in group {group['id']}, top finding {top['kind']} on "
              f"{faulty_server[client]}: {top['title']}")
    print(f"{len(clients)} clients: {len(clusters[0]['hosts'])} in the majority, outliers {', '.join(outliers)}")


# Report probe: prepended to a copy of the report, it writes every console.error/warn, uncaught
# exception, unhandled rejection and failed resource load into a <pre> that --dump-dom shows.
PROBE = """<script>(function () {
  var seen = [];
  function note(m) {
    seen.push(String(m));
    var p = document.getElementById("__e2e_errors");
    if (!p && document.documentElement) {
      p = document.createElement("pre");
      p.id = "__e2e_errors";
      document.documentElement.appendChild(p);
    }
    if (p) p.textContent = seen.join("\\n");
  }
  window.addEventListener("error", function (e) {
    note(e.message ? "uncaught: " + e.message
                   : "resource failed: " + ((e.target && (e.target.src || e.target.href)) || "?"));
  }, true);
  window.addEventListener("unhandledrejection", function (e) { note("unhandled rejection: " + e.reason); });
  ["error", "warn"].forEach(function (level) {
    var original = console[level];
    console[level] = function () {
      note("console." + level + ": " + Array.prototype.join.call(arguments, " "));
      return original.apply(console, arguments);
    };
  });
})();</script>"""

EXTERNAL_URL = re.compile(r"^\s*(?:[a-z][a-z0-9+.-]*:|//)", re.IGNORECASE)  # a scheme, or //host
CSS_FETCH = re.compile(r"""url\(\s*["']?\s*(?!data:|#)[^)\s"']|@import\s""", re.IGNORECASE)
FETCHING_ATTRIBUTES = {"src", "href", "xlink:href", "data", "action", "poster", "srcset", "background"}


class ExternalReferences(html.parser.HTMLParser):
    """What a page would fetch: URLs in fetching attributes (links to follow, <a href>, are not
    fetched) and url()/@import in CSS. data: URLs and #fragments stay inside the file."""

    def __init__(self):
        super().__init__()
        self.found = []
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        self._in_style = tag == "style"
        for name, value in attrs:
            value = value or ""
            if name == "style" and CSS_FETCH.search(value):
                self.found.append(f"<{tag} style={value!r}>")
            if tag == "a" or name not in FETCHING_ATTRIBUTES or value.startswith(("data:", "#")):
                continue
            if EXTERNAL_URL.match(value) or (tag in {"script", "img", "link", "iframe", "embed", "object",
                                                     "source", "image", "use", "video", "audio"} and value):
                self.found.append(f"<{tag} {name}={value!r}>")

    def handle_endtag(self, tag):
        if tag == "style":
            self._in_style = False

    def handle_data(self, data):
        if self._in_style and CSS_FETCH.search(data):
            self.found.append("<style> " + CSS_FETCH.search(data).group(0))


class Dom(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.text = []
        self.svgs = []  # attributes of each <svg>
        self.errors = None
        self._in_errors = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "svg":
            self.svgs.append(attrs)
        if tag == "pre" and attrs.get("id") == "__e2e_errors":
            self._in_errors = True
            self.errors = ""

    def handle_endtag(self, tag):
        if tag == "pre":
            self._in_errors = False

    def handle_data(self, data):
        if self._in_errors:
            self.errors += data
        else:
            self.text.append(data)


def squash(text):
    """Whitespace folded, and `code` marks dropped: the HTML renders them as <code>."""
    return " ".join(text.replace("`", "").split())


def load_in_chromium(report):
    """The report's DOM after load, and Chromium's stderr; run without any network."""
    chromium = shutil.which("chromium")
    check(chromium, "chromium not found; install it (make deps)")
    source = read(report)
    head = re.search(r"<head[^>]*>", source, re.IGNORECASE)
    probed = source[:head.end()] + PROBE + source[head.end():] if head else PROBE + source
    with tempfile.TemporaryDirectory(prefix="ntpscope-e2e-html-") as tmp:
        page = os.path.join(tmp, "report.html")
        with open(page, "w", encoding="utf-8") as f:
            f.write(probed)
        # A fresh network namespace with no interface up: nothing the page asks for can leave.
        result = subprocess.run(
            ["unshare", "--net", chromium, "--headless", "--no-sandbox", "--disable-gpu",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             "--no-first-run", "--user-data-dir=" + os.path.join(tmp, "profile"),
             "--enable-logging=stderr", "--v=0", "--virtual-time-budget=5000", "--dump-dom",
             "file://" + page],
            capture_output=True, text=True, timeout=120)
    check(result.returncode == 0, f"chromium exited {result.returncode}:\n{result.stderr[-2000:]}")
    return result.stdout, result.stderr


def check_html(run):
    env = scenario_ran(run)
    report = os.path.join(run, "report.html")
    check(os.path.getsize(report) > 0, f"{report} is empty")
    references = ExternalReferences()
    references.feed(read(report))
    check(not references.found, f"{report} would fetch: " + ", ".join(references.found[:5]))
    dom_html, stderr = load_in_chromium(report)
    dom = Dom()
    dom.feed(dom_html)
    check(dom.errors is None, f"the report fails in the browser:\n{dom.errors}")
    uncaught = [line for line in stderr.splitlines() if ":CONSOLE" in line and "Uncaught" in line]
    check(not uncaught, "uncaught errors on the console:\n" + "\n".join(uncaught))
    text = squash(html.unescape("".join(dom.text)))
    check(text, f"{report} renders no text")

    findings = json.loads(read(os.path.join(run, "diff.json")))["findings"]
    check(findings, f"{run}: diff.json has no findings to look for")
    missing = [f["title"] for f in findings if squash(f["title"]) not in text]
    check(not missing, "findings missing from the rendered report:\n  " + "\n  ".join(missing))

    servers = {pair.split("=")[1] for pair in env["LAB_SERVERS"].split()}
    timelines = [svg for svg in dom.svgs if "timeline" in svg.get("class", "").split()]
    peers = [svg.get("data-peer") for svg in timelines]
    check(sorted(peers) == sorted(servers),
          f"want one <svg class=\"timeline\" data-peer=IP> per peer {sorted(servers)}, found {peers}")
    print(f"{env['LAB_SCENARIO']}: report renders {len(findings)} findings, {len(timelines)} timelines, no errors")


def ntpq_rows(path):
    """The peer rows of `ntpq -pn` (tally character dropped): remote -> its columns."""
    rows = {}
    body = False
    for line in read(path).splitlines():
        if line.startswith("===="):
            body = True
            continue
        fields = line[1:].split()
        if body and len(fields) == 10:
            remote, refid, st, t, when, poll, reach, delay, offset, jitter = fields
            rows[remote] = {"t": t, "poll": int(poll), "reach": int(reach, 8),
                            "delay_ms": float(delay), "offset_ms": float(offset), "jitter_ms": float(jitter)}
    return rows


def traces_at_ntpq(trace, stem):
    """The trace cut right after the daemon read ntpq's first request (mode 6 from 127.0.0.1),
    and after its last one, written to STEM.first-ntpq.jsonl and STEM.until-ntpq.jsonl: ntpq's
    view is read in that span (one request per association), and ntpd's timer may shift reach
    in the second or two the recording ran on."""
    lines = read(trace).splitlines()
    reads = []
    for i, line in enumerate(lines[1:], 1):
        e = json.loads(line)
        data = e.get("data", "")
        if e.get("syscall", "").startswith("recv") and e.get("ret", 0) > 0 and data \
                and int(data[:2], 16) & 7 == 6 and e.get("addr", "").startswith("127.0.0.1:"):
            reads.append(i)
    check(reads, f"{trace}: holds no ntpq request (the view must be taken while recording)")
    cuts = []
    for index, suffix in ((reads[0], "first-ntpq"), (reads[-1], "until-ntpq")):
        cuts.append(f"{stem}.{suffix}.jsonl")
        with open(cuts[-1], "w") as f:
            f.write("\n".join(lines[:index + 1]) + "\n")
    return cuts


def summary_peers(ntpscope, trace):
    """The associations of `summary --format json`: address -> peer."""
    summary = subprocess.run([ntpscope, "summary", "--format", "json", trace],
                             capture_output=True, text=True, check=True).stdout
    return {p["address"]: p for p in json.loads(summary)["peers"] if p["t"] != "-"}


def check_ntpq(run, ntpscope):
    """Each classic client's summary agrees with the ntpq -p its lab took just before the
    recording ended, as of ntpq's request: type, poll, reach (for `u`, whose register shifts
    with each request, and for `b` where the trace holds the association's whole life, so
    ntpd's timer shows in its start-up exchange), offset and delay within 1 ms where ntpd's
    own jitter is below that (on a loaded machine a server's transmit stamp can precede its
    send by milliseconds, and ntpd's filter and ours may then pick different samples)."""
    env = scenario_ran(run)
    views = sorted(f for f in os.listdir(os.path.join(run, "ntpq")) if f.endswith(".txt"))
    check(views, f"{run}/ntpq: no ntpq view of a classic client")
    # Gated clients started only once recorded: their traces hold the whole life.
    whole_life = bool(env.get("LAB_START_GATES"))
    compared = []
    for view in views:
        name = view[:-len(".txt")]
        want = ntpq_rows(os.path.join(run, "ntpq", view))
        first, last = traces_at_ntpq(os.path.join(run, name + ".jsonl"), os.path.join(run, "ntpq", name))
        got = summary_peers(ntpscope, last)
        reach_at_first = {address: p["reach"] for address, p in summary_peers(ntpscope, first).items()}
        check(sorted(got) == sorted(want), f"{name}: peers {sorted(got)}, ntpq shows {sorted(want)}")
        for remote, row in sorted(want.items()):
            p = got[remote]
            where = f"{name} {remote}: summary t={p['t']} poll=2^{p.get('poll_log2')} reach={p['reach']:o}, ntpq {row}"
            check(p["t"] == row["t"], f"type differs: {where}")
            check(p.get("poll_log2") is not None and 2 ** p["poll_log2"] == row["poll"], f"poll differs: {where}")
            if row["t"] == "u" or (row["t"] == "b" and whole_life):
                check(row["reach"] in (p["reach"], reach_at_first.get(remote)),
                      f"reach differs (as of ntpq's first request {reach_at_first.get(remote, 0):o}): {where}")
            timing = p["broadcast_timing"] if p["t"] in ("b", "m") else p["timing"]
            where += f"; summary offset {timing['offset_s'] * 1e3:.3f} ms, delay {timing['delay_s'] * 1e3:.3f} ms"
            if row["jitter_ms"] < 1.0:
                check(abs(timing["offset_s"] * 1e3 - row["offset_ms"]) <= 1.0, f"offset differs by more than 1 ms: {where}")
                check(abs(timing["delay_s"] * 1e3 - row["delay_ms"]) <= 1.0, f"delay differs by more than 1 ms: {where}")
            compared.append(f"{name} {remote} {row['t']}" + ("" if row["jitter_ms"] < 1.0 else " (jitter >= 1 ms: timing not compared)"))
    print(f"{len(compared)} peers agree with ntpq: " + ", ".join(compared))


def own_processes(markers):
    """Processes whose command line names one of the markers (a state dir, a run dir)."""
    found = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as f:
                cmdline = f.read().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if int(pid) != os.getpid() and any(m in cmdline for m in markers):
            found.append(f"{pid}: {cmdline.strip()}")
    return found


def check_leftovers(out):
    if os.path.exists(os.path.join(out, "SKIPPED")):
        print("skipped: " + read(os.path.join(out, "SKIPPED")).strip())
        sys.exit(SKIP)
    prefixes = []
    for name in sorted(os.listdir(out)):
        if name.endswith(".prefix"):
            prefixes += read(os.path.join(out, name)).split()
    check(prefixes, f"no lab instance recorded in {out}; did e2e_scenarios run?")
    namespaces = subprocess.run(["ip", "netns", "list"], capture_output=True, text=True, check=True).stdout
    left_ns = [line.split()[0] for line in namespaces.splitlines()
               if any(line.startswith(p + "-") for p in prefixes)]
    check(not left_ns, "namespaces left behind: " + " ".join(left_ns))
    states = [os.path.join(LAB_RUN_DIR, p) for p in prefixes]
    left_state = [s for s in states if os.path.exists(s)]
    check(not left_state, "lab state dirs left behind: " + " ".join(left_state))
    scenario_runs = [os.path.join(os.path.abspath(out), name) + "/" for name in os.listdir(out)
                     if os.path.isdir(os.path.join(out, name))]
    left = own_processes([s + "/" for s in states] + scenario_runs)
    check(not left, "processes left behind:\n  " + "\n  ".join(left))
    print(f"no namespace, daemon or recorder left by {len(prefixes)} lab instances")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("check", choices=["findings", "html", "fleet", "leftovers", "ntpq"])
    parser.add_argument("dir")
    parser.add_argument("--ntpscope", help="the binary whose summary `ntpq` compares")
    args = parser.parse_args()
    try:
        if args.check == "ntpq":
            check_ntpq(args.dir, args.ntpscope)
            return 0
        {"findings": check_findings, "html": check_html, "fleet": check_fleet,
         "leftovers": check_leftovers}[args.check](args.dir)
    except Failure as e:
        print(f"FAIL: {e}")
        return 1
    except (OSError, ValueError, KeyError, subprocess.CalledProcessError) as e:
        print(f"FAIL: {args.dir}: cannot read the results: {e!r}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
