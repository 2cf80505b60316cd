#!/usr/bin/env python3
"""The torture suite's clients. Each prints one last line, "PASS <detail>" or "FAIL <detail>",
and exits 0 or 1 accordingly.

  client.py urllib URL BODY_FILE THREADS PER_THREAD
      THREADS threads, each PER_THREAD urllib GETs of URL: every one 200 with BODY_FILE's bytes.
  client.py lines HOST PORT THREADS PER_THREAD
      THREADS threads, each PER_THREAD connects to servers.py's "line" server: every connection
      gets exactly the line, then the end.
  client.py concurrent HOST PORT MANIFEST
      one thread per file of MANIFEST ("SHA256 SIZE PATH" lines): all connect, wait for each
      other (so that every transfer is open at once), then GET their file; all SHA-256 exact.
  client.py halfclose-client HOST PORT
      sends a token and 1 MiB, half-closes, reads the server's SHA-256 of it, which must match.
  client.py halfclose-server HOST PORT LOG
      reads the server's 1 MiB until its half-close (exact), then sends a token and 1 MiB and
      closes; the server's LOG must say it got all of it, ended cleanly.
  client.py clientfirst HOST PORT LOG
      sends a token and 1 MiB and closes first; the server's LOG must say it got all of it and a
      clean end (not a reset).
"""
import hashlib
import http.client
import os
import resource
import socket
import sys
import threading
import time
import urllib.request

from streams import read_all

LINE = b"torture: the server writes this line and closes first\n"
DATA = hashlib.sha256(b"torture").digest() * (1 << 15)


def done(ok, detail):
    print(("PASS " if ok else "FAIL ") + detail, flush=True)
    sys.exit(0 if ok else 1)


def raise_nofile():
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))


def run_threads(n, target, stack=256 * 1024):
    threading.stack_size(stack)
    threads = [threading.Thread(target=target, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()


class Tally:
    def __init__(self):
        self.lock = threading.Lock()
        self.ok = 0
        self.errors = {}

    def good(self):
        with self.lock:
            self.ok += 1

    def bad(self, what):
        with self.lock:
            self.errors[what] = self.errors.get(what, 0) + 1

    def detail(self, total):
        text = "%d/%d" % (self.ok, total)
        if self.errors:
            text += " (" + ", ".join("%s x%d" % kv for kv in sorted(self.errors.items(), key=lambda kv: -kv[1])[:4]) + ")"
        return text


def short(e):
    return ("%s: %s" % (type(e).__name__, e))[:100]


def urllib_case(url, body_file, threads, per):
    threads, per = int(threads), int(per)
    expected = open(body_file, "rb").read()
    tally = Tally()

    def work(_):
        for _ in range(per):
            try:
                with urllib.request.urlopen(url, timeout=30) as r:
                    body = r.read()
                    if r.status != 200:
                        tally.bad("status %d" % r.status)
                    elif body != expected:
                        tally.bad("wrong body (%d B)" % len(body))
                    else:
                        tally.good()
            except Exception as e:  # noqa: BLE001 - every failure is counted
                tally.bad(short(e))
    run_threads(threads, work)
    done(tally.ok == threads * per, tally.detail(threads * per))


def lines_case(host, port, threads, per):
    threads, per, port = int(threads), int(per), int(port)
    tally = Tally()

    def work(_):
        for _ in range(per):
            try:
                with socket.create_connection((host, port), timeout=30) as s:
                    got = read_all(s)
                if got == LINE:
                    tally.good()
                else:
                    tally.bad("got %d B instead of the line" % len(got))
            except Exception as e:  # noqa: BLE001
                tally.bad(short(e))
    run_threads(threads, work)
    done(tally.ok == threads * per, tally.detail(threads * per))


def concurrent_case(host, port, manifest):
    raise_nofile()
    port = int(port)
    files = [line.split() for line in open(manifest) if line.strip()]
    n = len(files)
    barrier = threading.Barrier(n, timeout=120)
    tally = Tally()
    started = time.time()

    def work(i):
        digest, size, path = files[i]
        try:
            conn = http.client.HTTPConnection(host, port, timeout=120)
            conn.connect()
        except Exception as e:  # noqa: BLE001
            tally.bad("connect: " + short(e))
            barrier.abort()
            return
        try:
            barrier.wait()  # every connection is open before any request goes out
        except threading.BrokenBarrierError:
            tally.bad("not all connections opened")
            conn.close()
            return
        try:
            conn.request("GET", "/" + path)
            r = conn.getresponse()
            body = r.read()
            if r.status != 200:
                tally.bad("status %d" % r.status)
            elif len(body) != int(size) or hashlib.sha256(body).hexdigest() != digest:
                tally.bad("SHA-256 mismatch")
            else:
                tally.good()
        except Exception as e:  # noqa: BLE001
            tally.bad(short(e))
        finally:
            conn.close()
    run_threads(n, work)
    total = sum(int(f[1]) for f in files)
    done(tally.ok == n, "%s SHA-256 exact, %d MiB in %.1f s" % (tally.detail(n), total >> 20, time.time() - started))


def token():
    return os.urandom(8).hex().encode()


def wait_log(log, tok, timeout=10):
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            for line in open(log):
                if line.startswith(tok + " "):
                    return line.split(" ", 1)[1].strip()
        except FileNotFoundError:
            pass
        time.sleep(0.05)
    return None


def halfclose_client_case(host, port):
    tok = token()
    with socket.create_connection((host, int(port)), timeout=30) as s:
        s.sendall(tok + DATA)
        s.shutdown(socket.SHUT_WR)
        got = read_all(s)
    want = tok + b" " + hashlib.sha256(DATA).hexdigest().encode() + b"\n"
    done(got == want, "1 MiB, the client's half-close, the server's SHA-256 of it: " + ("exact" if got == want else "got %r" % got[:80]))


def halfclose_server_case(host, port, log):
    tok = token()
    with socket.create_connection((host, int(port)), timeout=30) as s:
        got = read_all(s)  # the server half-closed at once: read to its end, then still send
        if got != DATA:
            done(False, "got %d B of the server's 1 MiB before its end" % len(got))
        s.sendall(tok + DATA)
    result = wait_log(log, tok.decode())
    want = "ok %s %d" % (hashlib.sha256(DATA).hexdigest(), len(DATA))
    done(result == want, "1 MiB each way across the server's half-close: " + ("exact" if result == want else "server says %r" % result))


def clientfirst_case(host, port, log):
    tok = token()
    with socket.create_connection((host, int(port)), timeout=30) as s:
        s.sendall(tok + DATA)
    result = wait_log(log, tok.decode())
    want = "ok %s %d" % (hashlib.sha256(DATA).hexdigest(), len(DATA))
    done(result == want, "1 MiB then the client's close: " + ("server got all, clean end" if result == want else "server says %r" % result))


if __name__ == "__main__":
    cases = {"urllib": urllib_case, "lines": lines_case, "concurrent": concurrent_case,
             "halfclose-client": halfclose_client_case, "halfclose-server": halfclose_server_case,
             "clientfirst": clientfirst_case}
    try:
        cases[sys.argv[1]](*sys.argv[2:])
    except SystemExit:
        raise
    except Exception as e:  # noqa: BLE001
        done(False, short(e))
