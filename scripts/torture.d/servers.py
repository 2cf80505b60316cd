#!/usr/bin/env python3
"""The torture suite's own TCP/UDP servers, all on 127.0.0.1, each on a port the kernel picks.

    servers.py PORTS_FILE LOG_FILE

Writes one line "NAME PORT" per server to PORTS_FILE once every server listens, then serves
until it is killed. LOG_FILE gets one line per connection of the servers that judge what the
client did (half-close, client-closes-first): "TOKEN RESULT", read by client.py.

  line       writes LINE and closes first, on every connection (server closes first)
  rst        reads a request, sends a close-delimited HTTP response's head and 256 KiB of its
             body, then closes with SO_LINGER 0: a reset, never a clean end
  blackhole  accepts and never answers (reads and discards)
  noaccept   listen(0), never accepts, its queue filled by connections of its own: further
             SYNs are dropped, a connect never completes
  halfclose-client  the client sends TOKEN + data and half-closes; this answers with the
             SHA-256 of everything after TOKEN, then closes
  halfclose-server  this sends DATA and half-closes at once, then reads TOKEN + data until
             the client's end and logs "TOKEN ok <sha256> <bytes>" (or what went wrong)
  clientfirst  reads TOKEN + data until the client closes (never closing first) and logs
             "TOKEN ok <sha256> <bytes>", or "TOKEN reset ..." if the end was a reset
  sink       TCP and UDP on one port: reads and discards (the malformed-packet case)
"""
import hashlib
import os
import socket
import struct
import sys
import threading

from streams import read_all, read_exact

LINE = b"torture: the server writes this line and closes first\n"
TOKEN_LEN = 16
DATA = hashlib.sha256(b"torture").digest() * (1 << 15)  # 1 MiB, known to client.py too
RST_BODY = 256 * 1024

ports_file, log_file = sys.argv[1], sys.argv[2]
log_lock = threading.Lock()


def log(line):
    with log_lock:
        with open(log_file, "a") as f:
            f.write(line + "\n")


def listener(backlog=4096):
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("127.0.0.1", 0))
    s.listen(backlog)
    return s


def serve(sock, handler, threaded=True):
    def loop():
        while True:
            try:
                conn, _ = sock.accept()
            except OSError:
                continue
            if threaded:
                threading.Thread(target=guard, args=(handler, conn), daemon=True).start()
            else:
                guard(handler, conn)
    threading.Thread(target=loop, daemon=True).start()


def guard(handler, conn):
    try:
        handler(conn)
    except OSError:
        pass
    finally:
        try:
            conn.close()
        except OSError:
            pass


def line(conn):
    conn.sendall(LINE)


def rst(conn):
    buf = b""
    while b"\r\n\r\n" not in buf:
        b = conn.recv(4096)
        if not b:
            return
        buf += b
    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nConnection: close\r\n\r\n")
    conn.sendall(os.urandom(RST_BODY))
    conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))


def blackhole(conn):
    while conn.recv(1 << 16):
        pass


def halfclose_client(conn):
    token = read_exact(conn, TOKEN_LEN)
    digest = hashlib.sha256(read_all(conn)).hexdigest()
    conn.sendall(token + b" " + digest.encode() + b"\n")


def log_rest(conn, failure):
    """Reads the client's token, then all it sends to its end; logs the SHA-256, or `failure`."""
    token = read_exact(conn, TOKEN_LEN).decode(errors="replace")
    try:
        data = read_all(conn)
    except OSError as e:
        log("%s %s %s" % (token, failure, e))
        return
    log("%s ok %s %d" % (token, hashlib.sha256(data).hexdigest(), len(data)))


def halfclose_server(conn):
    conn.sendall(DATA)
    conn.shutdown(socket.SHUT_WR)
    log_rest(conn, "error")


def clientfirst(conn):
    log_rest(conn, "reset")


def noaccept():
    s = listener(0)
    port = s.getsockname()[1]
    fillers = []
    for _ in range(4):  # the accept queue holds one; the rest stay in SYN-SENT, also harmless
        c = socket.socket()
        c.setblocking(False)
        try:
            c.connect(("127.0.0.1", port))
        except BlockingIOError:
            pass
        fillers.append(c)
    return s, fillers


def sink():
    t = listener()
    port = t.getsockname()[1]
    u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    u.bind(("127.0.0.1", port))

    def udp():
        while True:
            u.recvfrom(1 << 16)
    threading.Thread(target=udp, daemon=True).start()
    serve(t, blackhole)
    return t, u


keep = []
ports = []
for name, handler, threaded in [("line", line, False), ("rst", rst, True), ("blackhole", blackhole, True),
                                ("halfclose-client", halfclose_client, True),
                                ("halfclose-server", halfclose_server, True), ("clientfirst", clientfirst, True)]:
    s = listener()
    serve(s, handler, threaded)
    keep.append(s)
    ports.append((name, s.getsockname()[1]))
s, fillers = noaccept()
keep += [s] + fillers
ports.append(("noaccept", s.getsockname()[1]))
t, u = sink()
keep += [t, u]
ports.append(("sink", t.getsockname()[1]))
# A port nothing listens on (bound, never listening, so that nobody else takes it meanwhile).
closed = socket.socket()
closed.bind(("127.0.0.1", 0))
keep.append(closed)
ports.append(("closed", closed.getsockname()[1]))

with open(ports_file + ".new", "w") as f:
    for name, port in ports:
        f.write("%s %d\n" % (name, port))
os.rename(ports_file + ".new", ports_file)
threading.Event().wait()
