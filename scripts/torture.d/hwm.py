#!/usr/bin/env python3
"""hwm.py PID: until PID ends, watches the java processes below it (htapod's JVM) and prints the
largest VmHWM (peak resident set) seen, in KiB; 0 if it never saw one."""
import glob
import sys
import time

root = int(sys.argv[1])
best = 0


def state(pid):
    try:
        with open("/proc/%d/stat" % pid) as f:
            text = f.read()
        rest = text[text.rindex(")") + 2:].split()
        return text[text.index("(") + 1:text.rindex(")")], rest[0], int(rest[1])
    except (OSError, ValueError):
        return None


while True:
    s = state(root)
    if s is None or s[1] == "Z":
        break
    parent = {}
    for d in glob.glob("/proc/[0-9]*"):
        st = state(int(d[6:]))
        if st:
            parent[int(d[6:])] = (st[2], st[0])
    for pid, (ppid, comm) in parent.items():
        if comm != "java":
            continue
        p = pid
        while p > 1 and p != root:
            p = parent.get(p, (0, ""))[0]
        if p != root:
            continue
        try:
            with open("/proc/%d/status" % pid) as f:
                for line in f:
                    if line.startswith("VmHWM:"):
                        best = max(best, int(line.split()[1]))
        except OSError:
            pass
    time.sleep(0.2)
print(best)
