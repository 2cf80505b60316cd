#!/usr/bin/env python3
"""An impaired wire between two network namespaces, for kernels without sch_netem.

    impair.py NETNS_A NETNS_B DEVICE LOSS DELAY_MS JITTER_MS REORDER SEED [STATUS_FILE]

Opens the TAP device DEVICE in each namespace (paths such as /run/netns/NAME; the devices exist
already, made by `ip tuntap add ... mode tap`; a TAP, not a TUN, since pasta wants an Ethernet device to copy) and carries every frame from one to the other as netem would
with "loss LOSS delay DELAY_MS JITTER_MS reorder REORDER": a packet is lost with probability
LOSS; otherwise it is held DELAY_MS +- JITTER_MS (uniform), except that with probability REORDER
it goes at once, overtaking the ones held. Both directions. Runs as root until killed; prints
its counts to stderr when it gets SIGTERM, and keeps them in STATUS_FILE ("carried N lost N
reordered N", rewritten every half second).
"""
import ctypes
import fcntl
import heapq
import os
import random
import select
import signal
import struct
import sys
import time

CLONE_NEWNET = 0x40000000
TUNSETIFF, IFF_TAP, IFF_NO_PI = 0x400454CA, 0x0002, 0x1000

ns_a, ns_b, device = sys.argv[1:4]
loss, delay, jitter, reorder = float(sys.argv[4]), float(sys.argv[5]) / 1000, float(sys.argv[6]) / 1000, float(sys.argv[7])
rnd = random.Random(int(sys.argv[8]))
status_file = sys.argv[9] if len(sys.argv) > 9 else None
last_status = 0.0
libc = ctypes.CDLL(None, use_errno=True)


def open_tun(netns):
    fd = os.open(netns, os.O_RDONLY)
    if libc.setns(fd, CLONE_NEWNET) != 0:
        raise OSError(ctypes.get_errno(), "setns " + netns)
    os.close(fd)
    tun = os.open("/dev/net/tun", os.O_RDWR | os.O_NONBLOCK)
    fcntl.ioctl(tun, TUNSETIFF, struct.pack("16sH", device.encode(), IFF_TAP | IFF_NO_PI))
    return tun


a, b = open_tun(ns_a), open_tun(ns_b)
peer = {a: b, b: a}
held = []  # (due, seq, fd, packet)
seq = 0
counts = {"carried": 0, "lost": 0, "reordered": 0}


def report(*_):
    sys.stderr.write("impair: %(carried)d packets carried, %(lost)d lost, %(reordered)d sent ahead\n" % counts)
    sys.exit(0)


signal.signal(signal.SIGTERM, report)


def write(fd, packet):
    try:
        os.write(fd, packet)
    except OSError:
        pass  # the device is down or its queue full: a loss like any other


while True:
    now = time.monotonic()
    if status_file and now - last_status > 0.5:
        last_status = now
        with open(status_file + ".new", "w") as f:
            f.write("carried %(carried)d lost %(lost)d reordered %(reordered)d\n" % counts)
        os.replace(status_file + ".new", status_file)
    while held and held[0][0] <= now:
        _, _, fd, packet = heapq.heappop(held)
        write(fd, packet)
    timeout = max(0.0, held[0][0] - now) if held else 1.0
    ready, _, _ = select.select([a, b], [], [], timeout)
    for fd in ready:
        for _ in range(64):
            try:
                packet = os.read(fd, 65536)
            except BlockingIOError:
                break
            counts["carried"] += 1
            if rnd.random() < loss:
                counts["lost"] += 1
                continue
            if rnd.random() < reorder:
                counts["reordered"] += 1
                write(peer[fd], packet)
                continue
            seq += 1
            heapq.heappush(held, (time.monotonic() + max(0.0, rnd.uniform(delay - jitter, delay + jitter)), seq, peer[fd], packet))
