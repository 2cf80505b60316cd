package dev.htapod.relay;

/** Whether one connection's TLS is decrypted, as a router decided it. */
public enum Decryption {
  /** As the run is configured: --no-decrypt, --passthrough, and servers that want client certificates. */
  AS_CONFIGURED,
  /** Decrypted even under --passthrough; still not where there is no CA (--no-decrypt) or mTLS. */
  ALWAYS,
  /** Relayed untouched. */
  NEVER
}
