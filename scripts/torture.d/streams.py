"""Reading a socket to its peer's end, or a given count: shared by the torture suite's clients and servers."""


def read_all(conn):
    """Everything until the peer's end; raises on a reset."""
    chunks = []
    while True:
        b = conn.recv(1 << 16)
        if not b:
            return b"".join(chunks)
        chunks.append(b)


def read_exact(conn, n):
    buf = b""
    while len(buf) < n:
        b = conn.recv(n - len(buf))
        if not b:
            break
        buf += b
    return buf
