#!/usr/bin/env python3
"""Signals to htapod itself in the middle of a transfer. Prints "PASS <detail>" or "FAIL <detail>".

  signals.py int|term HTAPOD SMALL_URL BIG_URL WORKDIR
      htapod --har --pcap runs a small GET, then a slow download of BIG_URL; after 4 s htapod gets
      SIGINT or SIGTERM. It must exit within 10 s with 128+N (the command died of the forwarded
      signal), its HAR must be valid JSON holding the small exchange, its pcapng readable by
      `tshark -r` and hold packets.
  signals.py kill HTAPOD BIG_URL WORKDIR
      htapod runs a slow download; after 4 s htapod gets SIGKILL. Then, within 5 s, nothing of
      the run may be left: no process in the command's namespaces or running the command, no new
      /tmp/htapod-* entry of ours (one made before the kill and not in use by a live process:
      not another run's), nothing in the run's TMPDIR, no new mount in this namespace.
"""
import glob
import json
import os
import signal
import subprocess
import sys
import time


def done(ok, detail):
    print(("PASS " if ok else "FAIL ") + detail, flush=True)
    sys.exit(0 if ok else 1)


def start(argv, env=None):
    def child():  # a background job of a script ignores SIGINT: undo that for htapod
        for s in (signal.SIGINT, signal.SIGQUIT, signal.SIGTERM):
            signal.signal(s, signal.SIG_DFL)
    return subprocess.Popen(argv, preexec_fn=child, env=env, stdin=subprocess.DEVNULL)


def pids_with(marker):
    found = []
    for d in glob.glob("/proc/[0-9]*"):
        try:
            with open(d + "/cmdline", "rb") as f:
                if marker.encode() in f.read():
                    found.append(int(d[6:]))
        except OSError:
            pass
    return [p for p in found if p != os.getpid()]


def namespaces(pid):
    ns = {}
    for kind in ("user", "net", "mnt", "pid"):
        try:
            ns[kind] = os.readlink("/proc/%d/ns/%s" % (pid, kind))
        except OSError:
            pass
    return ns


def in_namespaces(own):
    """Processes (of ours, the ones we may look at) in any of the namespaces in own."""
    left = []
    mine = {v for k, v in namespaces(os.getpid()).items()}
    theirs = {v for v in own.values() if v not in mine}
    for d in glob.glob("/proc/[0-9]*"):
        pid = int(d[6:])
        if pid == os.getpid():
            continue
        if set(namespaces(pid).values()) & theirs:
            left.append(pid)
    return left


def describe(pid):
    try:
        with open("/proc/%d/cmdline" % pid, "rb") as f:
            return "%d %s" % (pid, f.read().replace(b"\0", b" ").decode(errors="replace")[:60].strip())
    except OSError:
        return str(pid)


def tmp_entries():
    uid = os.getuid()
    out = set()
    for p in glob.glob("/tmp/htapod-*"):
        try:
            if os.lstat(p).st_uid == uid:
                out.add(p)
        except OSError:
            pass
    return out


def made_before(path, moment):
    try:
        return os.lstat(path).st_mtime <= moment
    except OSError:
        return False


def in_use(path):
    """Whether a live process (of ours: the ones we may look at) holds path open or mounted: the
    private directory of another htapod run that started meanwhile, not one this run left."""
    for d in glob.glob("/proc/[0-9]*"):
        try:
            with open(d + "/mountinfo") as f:
                if path in f.read():
                    return True
            for fd in os.listdir(d + "/fd"):
                if os.readlink(d + "/fd/" + fd).startswith(path):
                    return True
        except OSError:
            pass
    return False


def mounts():
    with open("/proc/self/mountinfo") as f:
        return {" ".join(line.split()[3:5]) for line in f}


def har_pcap_case(which, htapod, small_url, big_url, work):
    sig = {"int": signal.SIGINT, "term": signal.SIGTERM}[which]
    har, pcap = os.path.join(work, which + ".har"), os.path.join(work, which + ".pcapng")
    # exec: the download is the command itself, which the forwarded signal ends at once (a shell
    # would wait for its foreground curl to finish before dying of it)
    script = "curl -s -o /dev/null %s && exec curl -s --limit-rate 1M -o /dev/null %s" % (small_url, big_url)
    p = start([htapod, "-q", "--har", har, "--pcap", pcap, "--", "sh", "-c", script])
    time.sleep(4)
    if p.poll() is not None:
        done(False, "htapod ended before the signal, status %d" % p.returncode)
    p.send_signal(sig)
    sent = time.time()
    try:
        status = p.wait(10)
    except subprocess.TimeoutExpired:
        p.kill()
        p.wait()
        done(False, "htapod still running 10 s after SIG%s" % which.upper())
    took = time.time() - sent
    problems = []
    if status != 128 + sig:
        problems.append("exit %d, wanted %d" % (status, 128 + sig))
    try:
        with open(har) as f:
            entries = json.load(f)["log"]["entries"]
        if not any(e["request"]["url"] == small_url and e["response"]["status"] == 200 for e in entries):
            problems.append("HAR: no 200 for the small GET among %d entries" % len(entries))
    except Exception as e:  # noqa: BLE001
        problems.append("HAR not valid: %s" % str(e)[:80])
    t = subprocess.run(["tshark", "-r", pcap], capture_output=True, text=True)
    if t.returncode != 0:
        problems.append("tshark -r exit %d: %s" % (t.returncode, t.stderr.strip()[:100]))
    elif not t.stdout.strip():
        problems.append("pcapng holds no packets")
    packets = len(t.stdout.splitlines())
    if problems:
        done(False, "; ".join(problems))
    done(True, "exit %d %.1f s after the signal; HAR valid (%d entries); pcapng read by tshark (%d packets)"
         % (status, took, len(entries), packets))


def kill_case(htapod, big_url, work):
    marker = "torture-sigkill-%d" % os.getpid()
    tmpdir = os.path.join(work, "sigkill-tmp")
    os.makedirs(tmpdir, exist_ok=True)
    env = dict(os.environ, TMPDIR=tmpdir)
    tmp_before, mounts_before = tmp_entries(), mounts()
    p = start([htapod, "-q", "--", "sh", "-c", "curl -s --limit-rate 1M -o /dev/null '%s?%s'" % (big_url, marker)], env)
    deadline = time.time() + 10
    command = []
    while time.time() < deadline and not command:
        command = [pid for pid in pids_with(marker) if pid != p.pid]
        time.sleep(0.1)
    if not command:
        p.kill()
        done(False, "the command never showed up")
    own = {}
    for pid in command:
        own.update({k + str(pid): v for k, v in namespaces(pid).items()})
    time.sleep(3)
    if p.poll() is not None:
        done(False, "htapod ended before the signal, status %d" % p.returncode)
    p.kill()
    killed = time.time()
    p.wait()
    problems = []
    deadline = time.time() + 5
    while True:
        left = sorted(set(pids_with(marker)) | set(in_namespaces(own)))
        tmp_left = sorted(path for path in tmp_entries() - tmp_before if made_before(path, killed) and not in_use(path))
        in_tmpdir = sorted(os.listdir(tmpdir))
        mounts_left = sorted(mounts() - mounts_before)
        if not (left or tmp_left or in_tmpdir or mounts_left) or time.time() > deadline:
            break
        time.sleep(0.2)
    if left:
        problems.append("processes left: " + ", ".join(describe(p) for p in left[:3]))
    if tmp_left:
        problems.append("left in /tmp: " + ", ".join(tmp_left[:3]))
    if in_tmpdir:
        problems.append("left in TMPDIR: " + ", ".join(in_tmpdir[:3]))
    if mounts_left:
        problems.append("mounts left: " + ", ".join(mounts_left[:3]))
    # Leave the machine clean for the next run whatever htapod left (ours only, by name).
    for path in tmp_left:
        subprocess.run(["rm", "-rf", path])
    if problems:
        done(False, "; ".join(problems))
    done(True, "no process, /tmp/htapod-* entry, TMPDIR file or mount left 5 s after SIGKILL")


if __name__ == "__main__":
    try:
        if sys.argv[1] == "kill":
            kill_case(*sys.argv[2:])
        else:
            har_pcap_case(*sys.argv[1:])
    except SystemExit:
        raise
    except Exception as e:  # noqa: BLE001
        done(False, "%s: %s" % (type(e).__name__, e))
