package dev.htapod.namespace;

/** The steps of the child's set-up, with the codes of {@code native/htapod.h}. */
enum SpawnStep {
  READY,
  USER_MAP,
  MOUNTS,
  LOOPBACK,
  TUN_OPEN,
  TUN_CREATE,
  TUN_CONFIG,
  IPV4,
  IPV6,
  HANDOFF,
  FORK,
  EXEC,
  BIND,
  STORE,
  SOCKETS;

  static SpawnStep of(int code) {
    SpawnStep[] steps = values();
    if (code < 0 || code >= steps.length) {
      throw new IllegalArgumentException("unknown set-up step " + code);
    }
    return steps[code];
  }
}
