#!/usr/bin/env python3
"""Writes RELIABILITY.md from the torture suite's results; exits 1 if an htapod case failed.

    report.py RESULTS DESCRIPTIONS OUTPUT LOGS

RESULTS: "RUN CASE PATH STATUS DETAIL SECONDS" lines (tab-separated); DESCRIPTIONS: "CASE TEXT"
lines; the run's facts come in T_* environment variables. A "## Notes" section already at the
end of OUTPUT (written by hand) is kept.
"""
import collections
import os
import re
import sys

results, descriptions, output, logs = sys.argv[1:5]
env = os.environ
paths = env["T_PATHS"].split()
runs = int(env["T_RUNS"])
header = {"direct": "direct", "htapod": "htapod", "slirp": "slirp4netns", "pasta": "pasta"}

rows = collections.defaultdict(list)
for line in open(results):
    r, case, path, status, detail, secs = line.rstrip("\n").split("\t")
    rows[(case, path)].append((int(r), status, detail, int(secs)))
cases = [line.rstrip("\n").split("\t", 1) for line in open(descriptions)]


def esc(text):
    return text.replace("|", "\\|")


def cell(case, path):
    got = rows.get((case, path))
    if not got:
        return "—"
    statuses = [s for _, s, _, _ in got]
    bad = next((g for g in got if g[1] == "FAIL"), None)
    if bad:
        text = "**FAIL** " + bad[2]
        if runs > 1:
            text += " (failed %d of %d runs; shown: run %d)" % (statuses.count("FAIL"), len(got), bad[0])
        return text
    last = got[-1]
    if last[1] in ("SKIP", "N/A"):
        return "%s: %s" % (last[1], last[2])
    text = "PASS " + last[2]
    if runs > 1:
        text += " (%d of %d runs)" % (statuses.count("PASS"), len(got))
    return text


def verdict(case):
    got = rows.get((case, "htapod"), [])
    if any(s == "FAIL" for _, s, _, _ in got):
        return "failed"
    if got and all(s == "PASS" for _, s, _, _ in got):
        return "passed"
    return "skipped" if got else "none"


tally = collections.Counter(verdict(c) for c, _ in cases)
minutes = int(env["T_ELAPSED"]) / 60
out = [
    "# Reliability",
    "",
    "Written by `scripts/torture%s` on %s in %.0f min: %d run(s) of %d cases. **htapod: %d passed, %d failed, %d skipped.**"
    % (env["T_FLAGS"], env["T_DATE"], minutes, runs, len(cases), tally["passed"], tally["failed"], tally["skipped"]),
    "",
    "- Machine: %s." % env["T_MACHINE"],
    "- htapod commit %s; %s." % (env["T_COMMIT"], env["T_VERSIONS"]),
    "- The client side (htapod, the references, every client) ran as %s; the servers on 127.0.0.1." % env["T_CLIENT"],
    "",
    "Paths: **direct** (client and server on the host's loopback); **htapod** (`scripts/htapod -q -v -- COMMAND`, its",
    "gateway 10.0.2.2 standing for the host's loopback); **slirp4netns** (`unshare --user --map-root-user --net` and",
    "`slirp4netns --configure --mtu=65520`, as `scripts/bench` runs it; its 10.0.2.2 reaches the host's loopback);",
    "**pasta** (`pasta --config-net -a 10.0.2.100 -n 24 -g 10.0.2.2 -m 65520`, which maps its gateway to the host's",
    "loopback). A cell passes only if every run passed; a FAIL shows the first failing run. —: the case does not apply",
    "to that path. The logs of a run are in `target/torture/CASE.PATH.runN.log`.",
    "",
    "| case | " + " | ".join(header[p] for p in paths) + " |",
    "| --- | " + " | ".join("---" for _ in paths) + " |",
]
for case, _ in cases:
    out.append("| %s | %s |" % (case, " | ".join(esc(cell(case, p)) for p in paths)))
out.append("")
failed = [c for c, _ in cases if verdict(c) == "failed"]
if failed:
    out += ["## htapod failures", "",
            "Each with the lines htapod's `-v` wrote on stderr in that run (the whole log is in `target/torture/`).", ""]
    for case in failed:
        for r, s, d, _ in rows[(case, "htapod")]:
            if s != "FAIL":
                continue
            out.append("- **%s**, run %d: %s" % (case, r, esc(d)))
            try:
                with open(os.path.join(logs, "%s.htapod.run%d.log" % (case, r)), errors="replace") as f:
                    said = [line.rstrip() for line in f if line.startswith("htapod:")]
            except OSError:
                said = []
            for line in said[:8]:
                out.append("  - `%s`" % line[:240].replace("`", "'"))
    out.append("")
out += ["## Cases", "", "| case | what runs, and the check |", "| --- | --- |"]
for case, text in cases:
    out.append("| %s | %s |" % (case, esc(text)))
if env.get("T_IMPAIR") == "userspace":
    out += ["", "This kernel has no `sch_netem` (`tc qdisc add dev lo root netem` fails: CONFIG_NET_SCH_NETEM is not set), so the",
            "impaired network is `scripts/torture.d/impair.py`: two private network namespaces joined by TAP devices, every",
            "frame carried between them with netem's loss 2 %, delay 5 ms +- 2 ms (uniform) and 10 % sent at once (ahead of",
            "the delayed ones); the server listens in the second, each path starts in the first and connects to 10.99.0.2."]
out.append("")
old = open(output).read() if os.path.exists(output) else ""
notes = re.search(r"^## Notes\n.*", old, re.M | re.S)
if notes:
    out += [notes.group(0).rstrip("\n"), ""]
with open(output + ".new", "w") as f:
    f.write("\n".join(out))
os.replace(output + ".new", output)
print("\n".join(out))
sys.exit(1 if failed else 0)
