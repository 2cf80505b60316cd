#!/usr/bin/env python3
"""Writes malformed packets into a namespace's network device, as the command there would.

    garbage.py MARKER IFACE GW4 GW6|- SAFE_PORTS COUNT SEED

Finds the process whose command line holds MARKER (one of ours), enters its user and network
namespaces (as the namespaces' owner we get their capabilities: htapod's command itself runs
without any, so it cannot open a raw socket), opens an AF_PACKET socket on IFACE and writes
COUNT packets made from SEED: random bytes, truncated and damaged IPv4 and IPv6 headers, bad
lengths, options and extension headers, fragments, TCP with bad offsets, options and flags, UDP
with bad lengths and checksums, ICMP errors quoting made-up flows, and packets of the MTU and
over it. On an Ethernet device (slirp4netns, pasta) each gets an Ethernet header.

Safety: every packet that could parse as IP is addressed to the gateway (GW4, or GW6; no IPv6
at all with "-"), which stands for the host's loopback, and wherever a stack could find a TCP or
UDP header, its destination port is one of SAFE_PORTS (comma-separated: the suite's sink and a
closed port): never 53, so nothing reaches a resolver. Packets whose first nibble is not 4 or 6
are not IP to anyone. Prints "sent N, refused by the kernel M (over the MTU)".
"""
import ctypes
import fcntl
import glob
import ipaddress
import os
import random
import socket
import struct
import sys
import time

CLONE_NEWUSER, CLONE_NEWNET = 0x10000000, 0x40000000
SIOCGIFHWADDR, SIOCGIFMTU = 0x8927, 0x8921

marker, iface, gw4, gw6, safe_ports, count, seed = sys.argv[1:8]
count, rnd = int(count), random.Random(int(seed))
GW4 = socket.inet_aton(gw4)
GW6 = None if gw6 == "-" else ipaddress.IPv6Address(gw6).packed
SRC4 = socket.inet_aton("10.0.2.100")
SRC6 = ipaddress.IPv6Address("fd00::100").packed
SAFE = [int(p) for p in safe_ports.split(",")]


def find(marker):
    for d in glob.glob("/proc/[0-9]*"):
        pid = int(d[6:])
        if pid == os.getpid():
            continue
        try:
            if os.stat(d).st_uid != os.getuid():
                continue
            with open(d + "/cmdline", "rb") as f:
                argv = f.read().split(b"\0")
        except OSError:
            continue
        # the command's shell (sh -c SCRIPT), not htapod or unshare, whose arguments also hold it
        if len(argv) > 2 and argv[0] in (b"sh", b"/bin/sh") and marker.encode() in argv[2]:
            return pid
    return None


def enter(pid):
    libc = ctypes.CDLL(None, use_errno=True)
    for kind, flag in (("user", CLONE_NEWUSER), ("net", CLONE_NEWNET)):
        if os.readlink("/proc/%d/ns/%s" % (pid, kind)) == os.readlink("/proc/self/ns/" + kind):
            continue
        fd = os.open("/proc/%d/ns/%s" % (pid, kind), os.O_RDONLY)
        if libc.setns(fd, flag) != 0:
            raise OSError(ctypes.get_errno(), "setns %s of %d" % (kind, pid))
        os.close(fd)


def checksum(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return ~s & 0xFFFF


def rbytes(n):
    return rnd.randbytes(max(n, 0))


# --- transport headers ----------------------------------------------------------------------
def tcp(src, dst, payload=b"", v6=False):
    flags = rnd.choice([0x02, 0x12, 0x10, 0x18, 0x11, 0x04, 0x14, 0x01, 0x29, 0xFF, 0x00, rnd.getrandbits(8)])
    opts = b""
    r = rnd.random()
    if r < 0.3:  # options, often malformed: zero or one length, longer than the header, unknown kinds
        opts = bytes(rnd.choice([[2, 4, 0x05, 0xb4], [3, 3, 14], [4, 2], [8, 10] + [0] * 8, [2, 0], [2, 1],
                                  [5, 34] + [1] * 4, [30, 255], [1, 1, 1, 0], [rnd.getrandbits(8)] * 3]))
    elif r < 0.4:
        opts = rbytes(rnd.randrange(0, 41))
    opts += b"\0" * (-len(opts) % 4)
    opts = opts[:40]
    offset = 5 + len(opts) // 4
    if rnd.random() < 0.15:
        offset = rnd.randrange(0, 16)  # too small, or past the end
    hdr = struct.pack("!HHIIBBHHH", rnd.choice([10000 + rnd.randrange(50000), 80, 0]), rnd.choice(SAFE),
                      rnd.getrandbits(32), rnd.getrandbits(32), offset << 4, flags,
                      rnd.choice([0, 1, 65535, rnd.getrandbits(16)]), 0, rnd.choice([0, rnd.getrandbits(16)])) + opts
    seg = hdr + payload
    pseudo = (src + dst + struct.pack("!BBH", 0, 6, len(seg))) if not v6 else (src + dst + struct.pack("!I3xB", len(seg), 6))
    if rnd.random() < 0.85:
        seg = seg[:16] + struct.pack("!H", checksum(pseudo + seg)) + seg[18:]
    else:
        seg = seg[:16] + struct.pack("!H", rnd.getrandbits(16)) + seg[18:]
    return seg


def udp(src, dst, payload=b"", v6=False):
    length = 8 + len(payload)
    if rnd.random() < 0.3:
        length = rnd.choice([0, 1, 7, 8, length - 1, length + 1, 65535, rnd.getrandbits(16)]) & 0xFFFF
    seg = struct.pack("!HHHH", 10000 + rnd.randrange(50000), rnd.choice(SAFE), length, 0) + payload
    r = rnd.random()
    if r < 0.7:
        pseudo = (src + dst + struct.pack("!BBH", 0, 17, len(seg))) if not v6 else (src + dst + struct.pack("!I3xB", len(seg), 17))
        seg = seg[:6] + struct.pack("!H", checksum(pseudo + seg) or 0xFFFF) + seg[8:]
    elif r < 0.85:
        seg = seg[:6] + struct.pack("!H", rnd.getrandbits(16)) + seg[8:]
    return seg


def icmp4():
    kind = rnd.random()
    if kind < 0.4:  # echo, odd sizes
        body = struct.pack("!BBHHH", 8, 0, 0, rnd.getrandbits(16), rnd.getrandbits(16)) + rbytes(rnd.choice([0, 1, 56, 1400, 9000]))
    else:  # an error quoting a made-up TCP/UDP flow to the gateway (or a truncated quote)
        quoted = ipv4(rnd.choice([6, 17]), rbytes(8), sane=True)[: rnd.choice([20, 28, 48, 8, 0])]
        body = struct.pack("!BBHI", rnd.choice([3, 11, 12, 4, 5, rnd.getrandbits(8)]), rnd.randrange(16), 0,
                           rnd.getrandbits(32)) + quoted
    if rnd.random() < 0.8:
        body = body[:2] + struct.pack("!H", checksum(body)) + body[4:]
    return body


# --- IP ---------------------------------------------------------------------------------------
def ipv4(proto, payload, sane=False):
    opts = b""
    if not sane and rnd.random() < 0.15:
        opts = rbytes(rnd.choice([4, 8, 12, 40]))
    ihl = 5 + len(opts) // 4
    total = 20 + len(opts) + len(payload)
    frag = 0
    ttl = 64
    if not sane:
        if rnd.random() < 0.1:
            ihl = rnd.choice([0, 1, 4, 6, 15])
        if rnd.random() < 0.15:
            total = rnd.choice([0, 19, 20, total - 1, total + 1, 65535, rnd.getrandbits(16)])
        if rnd.random() < 0.1:
            frag = rnd.choice([0x2000, 0x2000 | rnd.randrange(1, 100), rnd.randrange(1, 8192), 0x4000, 0x8000])
        if rnd.random() < 0.05:
            ttl = 0
    hdr = struct.pack("!BBHHHBBH4s4s", 0x40 | ihl, rnd.choice([0, 0, rnd.getrandbits(8)]), total & 0xFFFF,
                      rnd.getrandbits(16), frag, ttl, proto, 0, SRC4, GW4) + opts
    if sane or rnd.random() < 0.85:
        hdr = hdr[:10] + struct.pack("!H", checksum(hdr)) + hdr[12:]
    return hdr + payload


EXT = (0, 43, 44, 60, 51)


def ipv6(proto, payload):
    chain = b""
    nh = proto
    for _ in range(rnd.choice([0, 0, 0, 1, 2, 4])):  # extension headers, some malformed
        ext = rnd.choice(EXT)
        if ext == 44:
            body = struct.pack("!BBHI", nh, 0, rnd.choice([0, 1, rnd.getrandbits(16)]), rnd.getrandbits(32))
        elif ext == 51:
            n = rnd.choice([1, 2, 4])
            body = struct.pack("!BB", nh, n) + rbytes((n + 2) * 4 - 2)
        else:
            n = rnd.choice([0, 0, 1, 3])
            opts = rbytes(6 + 8 * n)
            if ext == 0 and rnd.random() < 0.3:  # a jumbo payload option, or one running past the header
                opts = bytes([0xC2, 4]) + rbytes(4) if n == 0 else bytes([1, 255]) + rbytes(4 + 8 * n)
            body = struct.pack("!BB", nh, n if rnd.random() < 0.9 else rnd.getrandbits(8)) + opts
        chain = body + chain
        nh = ext
    packet = chain + payload
    plen = len(packet)
    if rnd.random() < 0.2:
        plen = rnd.choice([0, 1, plen - 1, plen + 1, 65535, rnd.getrandbits(16)])
    return struct.pack("!IHBB16s16s", 0x60000000 | rnd.getrandbits(20), plen & 0xFFFF, nh,
                       rnd.choice([64, 0, 1, 255]), SRC6, GW6) + packet


def payload():
    return rbytes(rnd.choice([0, 0, 1, 10, 100, 536, 1460, 4000]))


def make():
    r = rnd.random()
    if r < 0.1:  # not IP at all
        p = bytearray(rbytes(rnd.choice([1, 2, 19, 20, 39, 40, 64, 600, 1500])))
        p[0] = (rnd.choice([0, 1, 2, 3, 5, 7, 8, 9, 10, 11, 12, 13, 14, 15]) << 4) | (p[0] & 15)
        return bytes(p)
    v6 = GW6 is not None and rnd.random() < 0.35
    proto = rnd.choice([6, 6, 6, 17, 17, 1 if not v6 else 58, rnd.choice([0, 2, 41, 47, 50, 132, 255])])
    src, dst = (SRC6, GW6) if v6 else (SRC4, GW4)
    if proto == 6:
        l4 = tcp(src, dst, payload(), v6)
    elif proto == 17:
        l4 = udp(src, dst, payload(), v6)
    elif proto == 1:
        l4 = icmp4()
    elif proto == 58:
        l4 = struct.pack("!BBHHH", rnd.choice([128, 1, 2, 3, 4, 135, 136, rnd.getrandbits(8)]), 0, 0,
                         rnd.getrandbits(16), rnd.getrandbits(16)) + payload()
    else:
        l4 = payload()
    p = ipv6(proto, l4) if v6 else ipv4(proto, l4)
    r = rnd.random()
    if r < 0.15:  # truncated anywhere
        p = p[: rnd.randrange(0, len(p) + 1)]
    elif r < 0.3:  # bytes flipped anywhere
        p = bytearray(p)
        for _ in range(rnd.randrange(1, 6)):
            if p:
                p[rnd.randrange(len(p))] ^= 1 << rnd.randrange(8)
        p = bytes(p)
    elif r < 0.33:  # the MTU and more
        p = p + rbytes(rnd.choice([MTU - len(p), MTU - len(p) + 1, MTU + 1000 - len(p)]))
    return p


def make_safe(p):
    """Re-address whatever could parse as IP, and re-port wherever a stack could find a port. The
    source is always the command's own address too: pasta takes the source of the packets it
    sees as the command's address from then on, so a flipped bit there cuts it off."""
    if not p:
        return p
    p = bytearray(p)
    version = p[0] >> 4
    if version == 6 and GW6 is None:
        p[0] = 0x50 | (p[0] & 15)
        return bytes(p)
    if version == 4:
        if len(p) >= 20:
            p[12:20] = SRC4 + GW4
        for i in range(20, min((p[0] & 15) * 4, len(p))):
            if p[i] in (0x83, 0x89):  # no source routes (LSRR, SSRR) in the options
                p[i] = 0x01
        for ihl in {(p[0] & 15) * 4, 20}:  # where the header says, and where a careless stack would look
            if ihl >= 20 and len(p) >= ihl + 4 and p[9] in (6, 17) and struct.unpack("!H", p[ihl + 2:ihl + 4])[0] not in SAFE:
                p[ihl + 2:ihl + 4] = struct.pack("!H", SAFE[0])
    elif version == 6:
        if len(p) >= 40:
            p[8:40] = SRC6 + GW6
        nh, at = (p[6], 40) if len(p) >= 40 else (None, 0)
        while nh in EXT and len(p) >= at + 2:  # walk the chain as a stack would
            nxt = p[at]
            if nh == 43 and len(p) >= at + 4:
                p[at + 3] = 0  # a routing header with no segments left: nothing to route to
            at += 8 if nh == 44 else (p[at + 1] + 2) * 4 if nh == 51 else (p[at + 1] + 1) * 8
            nh = nxt
        if nh in (6, 17) and len(p) >= at + 4 and struct.unpack("!H", p[at + 2:at + 4])[0] not in SAFE:
            p[at + 2:at + 4] = struct.pack("!H", SAFE[0])
    return bytes(p)


def check(p):
    """The last word: never a packet to anything but the gateway."""
    if p and p[0] >> 4 == 4 and len(p) >= 20:
        assert p[16:20] == GW4
    if p and p[0] >> 4 == 6:
        assert GW6 is not None and (len(p) < 40 or p[24:40] == GW6)


pid = None
deadline = time.time() + 20
while pid is None and time.time() < deadline:
    pid = find(marker)
    time.sleep(0.05)
if pid is None:
    sys.exit("garbage: no process of ours has %s in its command line" % marker)
enter(pid)
s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, 0)
s.bind((iface, 0))
info = fcntl.ioctl(s.fileno(), SIOCGIFHWADDR, struct.pack("16s16x", iface.encode()))
ether = struct.unpack("H", info[16:18])[0] == 1
MTU = struct.unpack("i", fcntl.ioctl(s.fileno(), SIOCGIFMTU, struct.pack("16s16x", iface.encode()))[16:20])[0]
mac = b"\xff" * 6
if ether:
    gw_hex = "%s" % gw4
    for line in open("/proc/net/arp").read().splitlines()[1:]:
        f = line.split()
        if f[0] == gw_hex and f[3] != "00:00:00:00:00:00":
            mac = bytes.fromhex(f[3].replace(":", ""))
    own = info[18:24]

import collections
import errno
sent = 0
refused = collections.Counter()
for i in range(count):
    p = make_safe(make())
    check(p)
    if ether:
        etype = 0x86DD if p and p[0] >> 4 == 6 else 0x0800
        if rnd.random() < 0.03:
            etype = rnd.choice([0x0806, 0x88CC, rnd.getrandbits(16) & 0x05FF])  # ARP, LLDP, an 802.3 length
            p = bytes([0x50]) + p[1:]  # whatever these carry is not IP to anyone
        p = mac + own + struct.pack("!H", etype) + p
    try:
        s.send(p)
        sent += 1
    except OSError as e:
        refused[errno.errorcode.get(e.errno, str(e.errno))] += 1
    if i % 64 == 63:
        time.sleep(0.002)  # let the other end keep up: the device's queue drops the excess
print("sent %d malformed packets%s" % (sent, "".join(", %d refused by the kernel (%s)" % (n, name) for name, n in refused.most_common())))
